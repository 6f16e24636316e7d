// A customer in your terminal: starts a chat on the demo instance (StartChatContact with the
// demo key) and talks to whoever accepts it in the agent desktop, with @switchboard/chat.
// Usage: npm run demo:customer [-- --url http://127.0.0.1:8787 --name "Jane Doe"]
// Type a line and Enter to send it; Ctrl+C leaves the chat.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ConnectClient, ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ChatSession, ContentTypes, SessionTypes } from '@switchboard/chat';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:8787' }, name: { type: 'string', default: 'Jane Doe' } },
});
const INSTANCE = '5b6c1d2e-0000-4000-8000-000000000001';
const connect = new ConnectClient({
  region: 'us-east-1',
  endpoint: values.url,
  credentials: { accessKeyId: 'SBDEMOACCESSKEY00001', secretAccessKey: 'switchboard-demo-secret-key-change-me' },
});

const say = (line) => process.stdout.write(`\r\x1b[K${line}\n> `);
try {
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: INSTANCE }));
  const flow = flows.ContactFlowSummaryList?.find((f) => f.Name === 'Support inbound');
  const chat = await connect.send(
    new StartChatContactCommand({
      InstanceId: INSTANCE,
      ContactFlowId: flow?.Id,
      ParticipantDetails: { DisplayName: values.name },
      Attributes: { orderId: 'A-1042' },
    }),
  );
  const session = ChatSession.create({ chatDetails: chat, type: SessionTypes.CUSTOMER, options: { endpoint: values.url } });
  session.onMessage(({ data }) => {
    if (data.ParticipantId === chat.ParticipantId) return;
    if (data.Type === 'MESSAGE') say(`${data.DisplayName ?? 'Agent'}: ${data.Content}`);
    else if (data.Type === 'ATTACHMENT') say(`${data.DisplayName ?? 'Agent'} sent ${data.Attachments?.[0]?.AttachmentName}`);
    else if (data.ContentType === ContentTypes.participantJoined) say(`— ${data.DisplayName} joined`);
    else if (data.ContentType === ContentTypes.participantLeft) say(`— ${data.DisplayName} left`);
  });
  session.onTyping(({ data }) => {
    if (data.ParticipantId !== chat.ParticipantId)
      process.stdout.write(`\r\x1b[K(${data.DisplayName ?? 'Agent'} is typing…)\n> `);
  });
  session.onConnectionLost(() => say('— connection lost, reconnecting…'));
  session.onEnded(() => {
    say('— the chat has ended');
    process.exit(0);
  });
  await session.connect();
  say(
    `Chat started as ${values.name} (contact ${chat.ContactId}). Open ${values.url}/ccp/, sign in as bob / switchboard-demo, go Available and accept it.`,
  );
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  rl.on('line', async (line) => {
    const text = line.trim();
    if (text)
      await session.sendMessage({ contentType: 'text/plain', message: text }).catch((e) => say(`(not sent: ${e.message})`));
    rl.prompt();
  });
  rl.on('SIGINT', async () => {
    await session.disconnectParticipant().catch(() => undefined);
    process.exit(0);
  });
} catch (e) {
  console.error(`Could not start the chat: ${e.message}\nIs Switchboard running (npm start) at ${values.url}?`);
  process.exit(1);
}
