#!/usr/bin/env node
/**
 * A headless chat bot for Switchboard, written with @switchboard/streams (the `connect` API
 * of amazon-connect-streams, here in Node). It signs in as an agent, goes Available, answers
 * every chat it is offered, greets the customer by name, and hands the chat to a queue of
 * people when the customer asks for one. See README.md beside this file.
 *
 *   node examples/bot/bot.mjs --url http://localhost:8787 --username bob --password switchboard-demo
 */
import { parseArgs } from 'node:util';
import { createConnect } from '@switchboard/streams';

// 1. Settings: command-line flags, else environment variables.
const text = { type: 'string' };
const options = { url: text, username: text, password: text, keywords: text, 'transfer-to': text };
let flags;
try {
  flags = parseArgs({ options }).values;
} catch (e) {
  console.error(`${e.message}. The bot's flags: --url, --username, --password, --keywords, --transfer-to.`);
  process.exit(2);
}
const env = process.env;
const url = flags.url ?? env.SWITCHBOARD_URL;
const username = flags.username ?? env.SWITCHBOARD_USERNAME;
const password = flags.password ?? env.SWITCHBOARD_PASSWORD;
const keywords = (flags.keywords ?? env.BOT_KEYWORDS ?? 'human,agent,person').split(',').map((k) => k.trim().toLowerCase());
const transferTo = flags['transfer-to'] ?? env.BOT_TRANSFER_TO ?? 'Sales queue';

const missing = [
  !url && '--url (or SWITCHBOARD_URL), e.g. http://localhost:8787',
  !username && '--username (or SWITCHBOARD_USERNAME), e.g. bob',
  !password && '--password (or SWITCHBOARD_PASSWORD)',
].filter(Boolean);
if (missing.length > 0) {
  console.error(`The bot needs to know where and as whom to sign in. Missing:\n  ${missing.join('\n  ')}`);
  process.exit(2);
}

const say = (sentence) => console.log(`[bot] ${sentence}`);
/** Streams reports results through { success, failure } callbacks: this turns one call into a promise. */
const call = (f) => new Promise((resolve, reject) => f({ success: resolve, failure: (err) => reject(new Error(err)) }));

// 2. Sign in. Each createConnect() is one agent; a process may run several.
const connect = createConnect();
const giveUp = (e) => {
  console.error(`[bot] Could not sign in as ${username} at ${url} and go Available: ${e?.message ?? e}`);
  process.exit(1);
};
connect.core.onAuthFail(giveUp);
connect.core.onAccessDenied(giveUp);
try {
  connect.core.initAgent({ url, username, password });
} catch (e) {
  giveUp(e); // a URL that is not http(s)://…
}

// 3. Once signed in: go Available.
connect.agent(async (agent) => {
  say(`Signed in as ${agent.getName()} (${username}).`);
  const available = agent.getAgentStates().find((s) => s.name === 'Available');
  await call((cb) => agent.setState(available, cb)).catch(giveUp);
  const asks = keywords.map((k) => `"${k}"`).join(' or ');
  say(`I am Available, waiting for chats. A customer who says ${asks} goes to "${transferTo}".`);
});

// 4. Every contact offered to the agent.
connect.contact((contact) => {
  if (contact.getType() !== 'chat') return; // this bot only chats
  const customer = contact.getInitialConnection()?.getParticipantName() || 'there';

  contact.onConnecting(async () => {
    say(`A chat from ${customer} is ringing: accepting it.`);
    await call((cb) => contact.accept(cb)).catch((e) => say(`Could not accept the chat from ${customer}: ${e.message}`));
  });

  contact.onConnected(async () => {
    try {
      const chat = await contact.getAgentConnection().getMediaController();
      const send = (message) => chat.sendMessage({ contentType: 'text/plain', message });
      chat.onMessage(({ data }) => {
        if (data.Type === 'MESSAGE' && data.ParticipantRole === 'CUSTOMER') void answer(data.Content, send);
      });
      await send(`Hi ${customer}, I'm the Switchboard bot. Ask me anything, or type "${keywords[0]}" to talk to a person.`);
      say(`Greeted ${customer}.`);
    } catch (e) {
      say(`Could not chat with ${customer}: ${e.message}`);
    }
  });

  /** A customer's message: a person is asked for → transfer; anything else → a short answer. */
  const answer = async (message, send) => {
    say(`${customer} says: ${message}`);
    try {
      if (!keywords.some((k) => message.toLowerCase().includes(k))) {
        await send(`Thanks! I'm only a bot, though: type "${keywords[0]}" and I'll find you a person.`);
        return;
      }
      await send('Of course, one moment: I am passing you to a colleague.');
      const agent = new connect.Agent();
      const { endpoints } = await call((cb) => agent.getEndpoints(agent.getAllQueueARNs(), cb));
      const target = endpoints.find((e) => e.name === transferTo);
      if (!target) throw new Error(`there is no quick connect named "${transferTo}"`);
      await call((cb) => contact.transfer(target, cb));
      say(`Transferred ${customer}'s chat to "${transferTo}".`);
    } catch (e) {
      say(`Could not answer ${customer}: ${e.message}`);
    }
  };

  // A chat that is over (transferred, or ended by the customer) waits in after-contact work: clear it.
  contact.onACW(async () => {
    await call((cb) => contact.clear(cb)).then(
      () => say(`The chat with ${customer} is over: cleared it.`),
      (e) => say(`Could not clear the chat with ${customer}: ${e.message}`),
    );
  });
});

// 5. Ctrl-C (SIGINT) or a service manager's SIGTERM: sign out, then exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    say(`Got ${signal}: signing out.`);
    connect.core.terminate();
    setTimeout(() => process.exit(0), 2000).unref(); // exits sooner once everything is closed
  });
}
