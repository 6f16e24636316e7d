/**
 * The examples of examples/, run as a newcomer would run them, against the real server (the
 * demo instance on SQLite) with the unmodified amazon-connect-chatjs as the customer:
 * 1. examples/bot/bot.mjs, as a child process (`node examples/bot/bot.mjs`, settings in its
 *    environment), importing the built `@switchboard/streams` (`npm run build`, which
 *    scripts/test.sh runs first): it greets, answers, hands a chat to a queue of people when
 *    asked, clears what is over, and signs out on SIGTERM;
 * 2. examples/custom-desktop/index.html in Chromium, with the browser build made from the
 *    sources in memory: sign in, Available, a chat rings, Accept, messages both ways, End,
 *    Clear; axe-core on each screen, screenshots (also 360 px wide) in the folder printed first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { DescribeContactCommand, GetCurrentUserDataCommand, ListQueuesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { buildStreamsIife } from '../build-iife.mjs';
import { Customer } from '../../ccp/test/streams-journey.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { configureChatjs } from '../../server/test/chatjs-env.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BOT = path.join(root, 'examples/bot/bot.mjs');
const DESKTOP_SERVER = path.join(root, 'examples/custom-desktop/serve.mjs');
const SHOTS = path.join(tmpdir(), 'switchboard-examples-shots');
const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/** A child process's output, line by line, and waiting for a line. */
class Output {
  readonly lines: string[] = [];
  constructor(readonly child: ChildProcess) {
    let rest = '';
    const take = (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
  }
  async waitFor(re: RegExp, timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find((l) => re.test(l));
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`the bot never said ${re}; it said:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  exited(): Promise<number | null> {
    const c = this.child;
    return c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((resolve) => c.once('exit', (code) => resolve(code)));
  }
}

const run = (file: string, env: Record<string, string>, args: string[] = []) =>
  new Output(spawn(process.execPath, [file, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }));
const runBot = (env: Record<string, string>, args: string[] = []) => run(BOT, env, args);

const DIST = path.join(root, 'packages/streams/dist');

describe('the bot example (examples/bot/bot.mjs, a child process)', () => {
  let world: ChatWorld;
  const bots: Output[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.js'))) {
      throw new Error('examples/bot imports the built @switchboard/streams: run `npm run build` first');
    }
    world = await chatWorld(sqlite);
    configureChatjs(world.server.url, 'ap-southeast-2');
  });

  afterAll(async () => {
    for (const b of bots) b.child.kill('SIGKILL');
    await world?.close();
  });

  it('says what is wrong with its settings: missing, misspelt, not a URL, a wrong password', async () => {
    const bot = runBot({});
    bots.push(bot);
    expect(await bot.exited()).toBe(2);
    const said = bot.lines.join('\n');
    expect(said).toContain('--url (or SWITCHBOARD_URL)');
    expect(said).toContain('--username (or SWITCHBOARD_USERNAME)');
    expect(said).toContain('--password (or SWITCHBOARD_PASSWORD)');

    const wrong = runBot({ SWITCHBOARD_URL: world.server.url }, ['--username', 'bob', '--password', 'not the password']);
    bots.push(wrong);
    expect(await wrong.exited()).toBe(1);
    expect(wrong.lines.join('\n')).toMatch(/Could not sign in as bob at http:\/\/127\.0\.0\.1:\d+ and go Available: .*password/i);

    const typo = runBot({}, ['--usrname', 'bob']);
    bots.push(typo);
    expect(await typo.exited()).toBe(2);
    expect(typo.lines).toContain(
      "Unknown option '--usrname'. The bot's flags: --url, --username, --password, --keywords, --transfer-to.",
    );

    const notUrl = runBot({ SWITCHBOARD_URL: 'localhost:8787', SWITCHBOARD_USERNAME: 'bob', SWITCHBOARD_PASSWORD: 'x' });
    bots.push(notUrl);
    expect(await notUrl.exited()).toBe(1);
    expect(notUrl.lines.join('\n')).toMatch(
      /Could not sign in as bob at localhost:8787 .*: initAgent needs the Switchboard server URL/,
    );
  });

  it('greets, answers, clears an ended chat, hands a chat to people when asked, and signs out on SIGTERM', async () => {
    const InstanceId = world.server.instance.id;
    const bot = runBot({ SWITCHBOARD_URL: world.server.url, SWITCHBOARD_USERNAME: 'bob', SWITCHBOARD_PASSWORD: DEMO_PASSWORD });
    bots.push(bot);
    await bot.waitFor(/I am Available, waiting for chats\./);
    expect(bot.lines).toContain('[bot] Signed in as Bob Brown (bob).');
    const users = (await world.connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList ?? [];
    const userId = (name: string) => users.find((u) => u.Username === name)?.Id ?? '';
    const bobNow = async () =>
      (await world.connect.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Agents: [userId('bob')] } })))
        .UserDataList?.[0];
    expect((await bobNow())?.Status?.StatusName).toBe('Available');

    // A chat the customer ends: greeted by name, answered, cleared once over.
    const john = await Customer.start(world, 'John Roe', 'ap-southeast-2');
    await john.customer.waitFor((m) => m.ParticipantRole === 'AGENT' && /^Hi John Roe, /.test(m.Content ?? ''), 'the greeting');
    await john.customer.send('Where is my order?');
    await john.customer.waitFor((m) => /I'm only a bot/.test(m.Content ?? ''), "the bot's answer");
    await bot.waitFor(/John Roe says: Where is my order\?/);
    await john.customer.session.disconnectParticipant();
    await bot.waitFor(/The chat with John Roe is over: cleared it\./);

    // A chat handed to people: "human" transfers it to the Sales queue.
    const jane = await Customer.start(world, 'Jane Doe', 'ap-southeast-2');
    await jane.customer.waitFor((m) => /^Hi Jane Doe, /.test(m.Content ?? ''), 'the greeting');
    await jane.customer.send('Can I talk to a human, please?');
    await jane.customer.waitFor((m) => /passing you to a colleague/.test(m.Content ?? ''), 'the hand-off message');
    await jane.customer.waitFor(
      (m) => (m as { ContentType?: string }).ContentType === 'application/vnd.amazonaws.connect.event.transfer.succeeded',
      'the transfer event',
    );
    await bot.waitFor(/Transferred Jane Doe's chat to "Sales queue"\./);
    await bot.waitFor(/The chat with Jane Doe is over: cleared it\./);

    // The bot's agent is back Available with nothing on, and a person in Sales gets the chat.
    for (let i = 0; i < 100 && (await bobNow())?.Contacts?.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await bobNow()).toMatchObject({ Status: { StatusName: 'Available' }, Contacts: [] });
    const alice = await world.agent('alice');
    const offered = await alice.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.initialContactId === jane.contactId),
      'the transferred chat offered to alice',
    );
    const moved = offered.data.snapshot.contacts.find((c) => c.initialContactId === jane.contactId)!;
    const queues = (await world.connect.send(new ListQueuesCommand({ InstanceId }))).QueueSummaryList ?? [];
    const described = (await world.connect.send(new DescribeContactCommand({ InstanceId, ContactId: moved.contactId }))).Contact;
    expect(described).toMatchObject({
      InitiationMethod: 'TRANSFER',
      PreviousContactId: jane.contactId,
      QueueInfo: { Id: queues.find((q) => q.Name === 'Sales')?.Id },
    });

    // SIGTERM: the bot signs out (its session is revoked) and exits 0.
    const revoked: string[] = [];
    const off = world.server.sessions.onRevoke((_hash, why) => revoked.push(why));
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
    off();
    expect(bot.lines).toContain('[bot] Got SIGTERM: signing out.');
    expect(revoked).toEqual(['signed out']);
  });
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core in the page: every violation, whatever its impact. */
async function axe(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const a = (
      globalThis as unknown as {
        axe: { run(d: Document): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    return (await a.run(document)).violations.map(
      (v) => `${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
  expect(violations, `axe: ${what}`).toEqual([]);
}

describe('the custom desktop example (examples/custom-desktop, in Chromium)', () => {
  let world: ChatWorld;
  let site: StaticSite;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let shotNo = 0;
  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(SHOTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  /** A screenshot at the page's width, one 360 px wide, and axe in both. */
  const screens = async (name: string) => {
    await shot(name);
    await axe(page, name);
    await page.setViewportSize({ width: 360, height: 640 });
    await shot(`${name}-360`);
    await axe(page, `${name} (360 px)`);
    await page.setViewportSize({ width: 1000, height: 700 });
  };

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    console.log(`screenshots: ${SHOTS}`);
    // The page as it is, with the browser build made from the sources (never a stale file).
    site = await startStaticSite({
      '/': ['text/html; charset=utf-8', readFileSync(path.join(root, 'examples/custom-desktop/index.html'))],
      '/switchboard-streams.js': ['text/javascript; charset=utf-8', (await buildStreamsIife({ write: false })) ?? ''],
    });
    const origin = site.origin;
    const config = {
      ...demoConfig,
      instance: { ...demoConfig.instance, approvedOrigins: [...demoConfig.instance.approvedOrigins, origin] },
    };
    world = await chatWorld(sqlite, { config });
    configureChatjs(world.server.url, 'ca-central-1');
    browser = await launchChromium(chromium);
    page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    // Which request failed (the console says only "Failed to load resource").
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`response ${r.status()}: ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${origin}/?server=${encodeURIComponent(world.server.url)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await world?.close();
  });

  it('serve.mjs serves the page and the browser build (or says to build it)', async () => {
    const server = run(DESKTOP_SERVER, { PORT: '0' });
    try {
      const url = /(http:\/\/localhost:\d+\/)/.exec(await server.waitFor(/^The custom desktop: http/))![1]!;
      const page = await fetch(url);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toBe(readFileSync(path.join(root, 'examples/custom-desktop/index.html'), 'utf8'));
      const js = await fetch(`${url}switchboard-streams.js`);
      const built = existsSync(path.join(DIST, 'switchboard-streams.js'));
      expect(js.status).toBe(built ? 200 : 500);
      if (!built) expect(await js.text()).toMatch(/run `npm run build` first/);
      expect((await fetch(`${url}nothing-here`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
    }
  });

  it('signs in, goes Available, accepts a chat, chats both ways, ends and clears it', async () => {
    await screens('sign-in');
    // A wrong password is said in words, and a second try works.
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/Could not sign in: .*password/i)
      .waitFor();
    await screens('sign-in-failed');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Bob Brown: Offline').waitFor();

    await page.getByLabel('Status').selectOption('Available');
    await page.getByText('Bob Brown: Available').waitFor();
    await screens('available');

    // A customer (the unmodified chatjs) starts a chat: it rings; Accept.
    const { customer } = await Customer.start(world, 'Jane Doe', 'ca-central-1');
    await page.getByText('Jane Doe, chat: connecting').waitFor();
    await screens('ringing');
    await page.getByRole('button', { name: 'Accept Jane Doe' }).click();
    await page.getByText('Jane Doe, chat: connected').waitFor();
    await page.getByRole('heading', { name: 'Chat with Jane Doe' }).waitFor();

    // Messages both ways.
    await customer.send('Hello, my parcel has not arrived.');
    await page.getByRole('listitem').filter({ hasText: 'Jane Doe: Hello, my parcel has not arrived.' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Sorry to hear that, Jane! Let me look it up.');
    await page.getByRole('button', { name: 'Send' }).click();
    await customer.waitFor(
      (m) => m.ParticipantRole === 'AGENT' && m.Content === 'Sorry to hear that, Jane! Let me look it up.',
      "the agent's message",
    );
    await page
      .getByRole('listitem')
      .filter({ hasText: /^Bob.*: Sorry to hear that, Jane!/ })
      .waitFor();

    // A second chat from someone with a very long name rings meanwhile (the layout must hold).
    const long = 'Maximiliana Theodora Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh';
    const second = await Customer.start(world, long, 'ca-central-1');
    await page.getByText(`${long}, chat: connecting`).waitFor();
    await screens('chatting');
    await second.customer.session.disconnectParticipant();

    // End, then Clear.
    await page.getByRole('button', { name: 'End Jane Doe' }).click();
    await page.getByText('Jane Doe, chat: ended').waitFor();
    await page.getByText('Bob Brown: After Contact Work').waitFor();
    // The transcript stays until Clear; nothing more can be sent.
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'hidden' });
    await screens('ended');
    await page.getByRole('button', { name: 'Clear Jane Doe' }).click();
    await page.getByText('Jane Doe, chat:').waitFor({ state: 'detached' });
    await page.getByText('Bob Brown: Available').waitFor();
    await page.getByRole('heading', { name: 'Chat with Jane Doe' }).waitFor({ state: 'hidden' });
    await screens('cleared');
    // The one failed request is the wrong password's.
    expect(problems).toEqual(['response 403: POST /agent/v1/login']);
  });
});
