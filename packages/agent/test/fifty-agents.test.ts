/**
 * Fifty headless agents with the Task class against one real server (SQLite, loopback,
 * port 0): 500 chats and 200 tasks started with the unmodified @aws-sdk/client-connect are
 * each accepted; some are transferred (to a queue and to an agent), some tasks held and
 * resumed; every one is ended and wrapped up. Each task's events are recorded in order and
 * checked against the seed's lifecycle; no contact is lost or handled twice; every
 * operation of every agent runs concurrently with the others' (and with its own agent's on
 * other tasks) and settles on its own task. A sample of chats exchanges a message both ways
 * through the agent's ChatSession (the other chats open no chat websocket).
 */
import {
  GetContactAttributesCommand,
  ListQuickConnectsCommand,
  StartChatContactCommand,
  StartTaskContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { DEMO_PASSWORD, demoConfig, type InstanceConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { ContactCenter, isTaskError, type Task, type TaskData, TASK_EVENTS, type TaskEventName } from '../src/index.js';

const AGENTS = 50;
const CHATS = 500;
const TASKS = 200;
/** Agents with a quick connect of their own (transfer-to-agent destinations). */
const REACHABLE = 10;
/** Chats whose customer and agent exchange a message through the chat APIs. */
const TALKING = 10;
const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
const name = (i: number) => `agent${String(i).padStart(2, '0')}`;

/** The demo instance plus 50 agents who take chats and tasks together, 10 of each at once. */
function loadConfig(): InstanceConfig {
  const c = structuredClone(demoConfig) as InstanceConfig & { queues: { maxContacts?: number }[] };
  for (const q of c.queues) delete q.maxContacts;
  c.routingProfiles.push({
    name: 'Load agents',
    description: 'Chats and tasks from Support and Sales, ten of each at once.',
    defaultOutboundQueue: 'Support',
    concurrency: { CHAT: 10, TASK: 10 },
    crossChannelBehavior: { VOICE: 'ROUTE_CURRENT_CHANNEL_ONLY', CHAT: 'ROUTE_ANY_CHANNEL', TASK: 'ROUTE_ANY_CHANNEL' },
    queues: (['Support', 'Sales'] as const).flatMap((queue) =>
      (['CHAT', 'TASK'] as const).map((channel) => ({ queue, channel, priority: 1, delay: 0 })),
    ),
    agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
  });
  for (let i = 0; i < AGENTS; i++) {
    c.users.push({
      username: name(i),
      password: DEMO_PASSWORD,
      firstName: 'Agent',
      lastName: String(i),
      routingProfile: 'Load agents',
      securityProfiles: ['Agent'],
      autoAccept: {},
      afterContactWorkTimeout: 0,
    });
    if (i < REACHABLE) c.quickConnects.push({ name: `Agent ${i}`, type: 'USER', user: name(i) });
  }
  return c;
}

/** A stable number for a contact id, to pick what happens to it. */
const pick = (id: string) => [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);

/** Everything the run records, checked at the end. */
interface Ledger {
  /** `${agent} ${contactId}` → the task's events in order, manager events included. */
  readonly events: Map<string, string[]>;
  /** contactId → the agents it was assigned to. */
  readonly assigned: Map<string, string[]>;
  /** initialContactId → how many contacts of the chain were wrapped up, and whether the last ended without a transfer. */
  readonly chains: Map<string, { wrapped: number; finished: number }>;
  readonly errors: string[];
  transfersToQueue: number;
  transfersToAgent: number;
  holds: number;
  talked: number;
}

describe('fifty agents with the Task class', () => {
  let w: ChatWorld;
  const centers: ContactCenter[] = [];
  const ledger: Ledger = {
    events: new Map(),
    assigned: new Map(),
    chains: new Map(),
    errors: [],
    transfersToQueue: 0,
    transfersToAgent: 0,
    holds: 0,
    talked: 0,
  };
  const customerTokens = new Map<string, string>();
  let allDone: () => void;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  let finishedChains = 0;

  beforeAll(async () => {
    w = await chatWorld(sqlite, { config: loadConfig() });
  });
  afterAll(async () => {
    for (const c of centers) c.close();
    await w?.close();
  });

  /** One agent: accepts every offer, then transfers, holds, talks, ends and wraps up as `pick` says. */
  function work(center: ContactCenter, agent: string, resolvedCode: { id: string; name: string }) {
    const record = (task: Task, event: string) => {
      const key = `${agent} ${task.id}`;
      const list = ledger.events.get(key) ?? [];
      list.push(event);
      ledger.events.set(key, list);
    };
    const fail = (task: Task, what: string) => (err: unknown) => {
      ledger.errors.push(
        `${agent} ${task.id} ${what}: ${err instanceof Error ? `${err.name} ${(err as { type?: string }).type} ${err.message}` : String(err)}`,
      );
    };
    const listenAll = (task: Task) => {
      for (const event of Object.values(TASK_EVENTS) as TaskEventName[]) {
        if (event === TASK_EVENTS.TASK_INCOMING || event === TASK_EVENTS.TASK_HYDRATE) continue;
        task.on(event, (() => record(task, event)) as never);
      }
    };
    center.on(TASK_EVENTS.TASK_HYDRATE, (task) => ledger.errors.push(`${agent}: unexpected hydrate of ${task.id}`));
    center.on('error', (err) => ledger.errors.push(`${agent} error event: ${err.message}`));
    center.on(TASK_EVENTS.TASK_INCOMING, (task) => {
      record(task, TASK_EVENTS.TASK_INCOMING);
      listenAll(task);
      task.on(TASK_EVENTS.TASK_ASSIGNED, (t) => {
        const list = ledger.assigned.get(t.id) ?? [];
        list.push(agent);
        ledger.assigned.set(t.id, list);
        void handle(t).catch(fail(t, 'handling'));
      });
      task.on(TASK_EVENTS.TASK_END, (t) => {
        if (!t.data.wrapUpRequired) {
          ledger.errors.push(`${agent} ${t.id}: task:end without wrapUpRequired`);
          return;
        }
        void t
          .wrapup({ auxCodeId: resolvedCode.id, wrapUpReason: pick(t.id) % 2 ? resolvedCode.name : `Done by ${agent}` })
          .catch(fail(t, 'wrapup'));
      });
      task.on(TASK_EVENTS.TASK_WRAPPEDUP, (t) => {
        const chain = ledger.chains.get(t.data.contact.initialContactId) ?? { wrapped: 0, finished: 0 };
        chain.wrapped++;
        if (t.data.transferredTo === undefined) {
          chain.finished++;
          finishedChains++;
          if (finishedChains === CHATS + TASKS) allDone();
        }
        ledger.chains.set(t.data.contact.initialContactId, chain);
      });
      void task.accept().catch(fail(task, 'accept'));
    });

    async function handle(task: Task): Promise<void> {
      const c = task.data.contact;
      const firstLeg = c.contactId === c.initialContactId;
      const n = pick(c.contactId);
      const customer = customerTokens.get(c.initialContactId);
      if (c.type === 'chat' && customer !== undefined) {
        // A sample chat: the agent and the customer talk, then the agent ends it.
        await talk(task, agent);
        own(task, await task.end(), 'wrapUp');
        return;
      }
      if (firstLeg && n % 10 === 0) {
        ledger.transfersToQueue++;
        const data = await task.transfer({ to: 'Sales', destinationType: 'queue' });
        expect(data.transferredTo).toBeTypeOf('string');
        return;
      }
      if (firstLeg && n % 10 === 1) {
        ledger.transfersToAgent++;
        const target = name((Number(agent.slice(5)) + 1 + (n % (REACHABLE - 1))) % REACHABLE);
        await task.transfer({ to: target, destinationType: 'agent' });
        return;
      }
      if (c.type === 'task' && n % 5 === 2) {
        ledger.holds++;
        own(task, await task.hold(), 'held');
        own(task, await task.resume(), 'connected');
      }
      own(task, await task.end(), 'wrapUp');
    }
  }

  /** An operation resolved with its own task's data, in the state it asked for (never another task's). */
  function own(task: Task, data: TaskData, state: TaskData['state']): void {
    if (data.interactionId !== task.id || data.state !== state)
      throw new Error(`an operation on ${task.id} resolved with ${data.interactionId} in state ${data.state}, not ${state}`);
  }

  /** The agent side of a sample chat: say hello, and wait for the customer's "ping". */
  async function talk(task: Task, agent: string): Promise<void> {
    const session = await task.chatSession();
    const heard = (items: { Content?: string; ParticipantRole?: string }[]) =>
      items.some((i) => i.ParticipantRole === 'CUSTOMER' && i.Content === 'ping');
    // Subscribed before connecting: the ping comes live, or in the transcript loaded after.
    const pinged = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ping from the customer of ${task.id}`)), 20_000);
      const got = () => {
        clearTimeout(timer);
        resolve();
      };
      session.onMessage(({ data }) => heard([data]) && got());
      void session
        .connect()
        .then(() => session.loadTranscript())
        .then((items) => heard(items) && got());
    });
    await pinged;
    await session.sendMessage({ contentType: 'text/plain', message: `hello from ${agent}` });
    ledger.talked++;
  }

  /** The customer side of a sample chat: connect, send "ping", and see the agent's hello in the transcript. */
  async function customer(participantToken: string): Promise<void> {
    const client = w.participantClient();
    const conn = await client.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const ConnectionToken = conn.ConnectionCredentials!.ConnectionToken!;
    await client.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'ping' }));
    for (let i = 0; i < 400; i++) {
      const t = await client.send(new GetTranscriptCommand({ ConnectionToken, MaxResults: 100 }));
      if ((t.Transcript ?? []).some((m) => m.ParticipantRole === 'AGENT' && m.Content?.startsWith('hello from agent'))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the customer never saw the agent’s hello');
  }

  it('handles 500 chats and 200 tasks: every one accepted once, ended and wrapped up, events in the seed’s order', async () => {
    const started = Date.now();
    const instanceId = w.server.instance.id;
    for (let i = 0; i < AGENTS; i++) {
      centers.push(await ContactCenter.signIn({ endpoint: w.server.url, username: name(i), password: DEMO_PASSWORD }));
    }
    const codes = await centers[0]!.getWrapUpCodes();
    const resolved = codes.find((c) => c.name === 'Resolved')!;
    for (const [i, c] of centers.entries()) work(c, name(i), resolved);
    // Every agent Available at once: the state settles per agent.
    const states = await Promise.all(centers.map((c) => c.setAgentState('Available')));
    expect(states.every((s) => s.state === 'Available' || s.state === 'PendingBusy' || s.state === 'Busy')).toBe(true);
    const signedIn = Date.now();

    const qcs = await w.connect.send(new ListQuickConnectsCommand({ InstanceId: instanceId, MaxResults: 100 }));
    const supportQueue = qcs.QuickConnectSummaryList!.find((q) => q.Name === 'Support queue')!.Id!;
    const chatIds: string[] = [];
    const taskIds: string[] = [];
    const customers: Promise<void>[] = [];
    const startOne = async (k: number) => {
      if (k < CHATS) {
        const out = await w.connect.send(
          new StartChatContactCommand({
            InstanceId: instanceId,
            ContactFlowId: w.flows['Support inbound'],
            ParticipantDetails: { DisplayName: `Customer ${k}` },
          }),
        );
        chatIds.push(out.ContactId!);
        if (k % (CHATS / TALKING) === 0) {
          customerTokens.set(out.ContactId!, out.ParticipantToken!);
          customers.push(customer(out.ParticipantToken!));
        }
      } else {
        const out = await w.connect.send(
          new StartTaskContactCommand({ InstanceId: instanceId, Name: `Task ${k - CHATS}`, QuickConnectId: supportQueue }),
        );
        taskIds.push(out.ContactId!);
      }
    };
    // Started 8 at a time, chats and tasks interleaved.
    const order = Array.from({ length: CHATS + TASKS }, (_, k) => k).sort((a, b) => (a % 7) - (b % 7) || a - b);
    for (let i = 0; i < order.length; i += 8) await Promise.all(order.slice(i, i + 8).map(startOne));
    const allStarted = Date.now();

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `only ${finishedChains} of ${CHATS + TASKS} contacts finished; errors: ${ledger.errors.slice(0, 5).join(' | ')}`,
            ),
          ),
        45_000,
      );
    });
    await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    await Promise.all(customers);
    const finished = Date.now();

    // No failure anywhere, no operation refused as pending, no offer missed.
    expect(ledger.errors).toEqual([]);

    // Every contact started ends exactly once, after its transfers; nothing else was handled.
    const started_ = [...chatIds, ...taskIds];
    expect(new Set(started_).size).toBe(CHATS + TASKS);
    expect([...ledger.chains.keys()].sort()).toEqual([...started_].sort());
    for (const [id, chain] of ledger.chains) {
      expect(chain.finished, `chain ${id}`).toBe(1);
    }
    // Every contact (transferred ones are new contacts) assigned to exactly one agent, once.
    for (const [id, agents] of ledger.assigned) expect(agents, `contact ${id}`).toHaveLength(1);
    const handled = ledger.assigned.size;
    expect(handled).toBe(CHATS + TASKS + ledger.transfersToQueue + ledger.transfersToAgent);

    // Each task's events, in the seed's order.
    const lifecycle = [TASK_EVENTS.TASK_INCOMING, TASK_EVENTS.TASK_ASSIGNED];
    const closing = [TASK_EVENTS.TASK_END, TASK_EVENTS.TASK_WRAPUP, TASK_EVENTS.TASK_WRAPPEDUP];
    const held = [TASK_EVENTS.TASK_HOLD, TASK_EVENTS.TASK_RESUME];
    let heldSeen = 0;
    for (const [key, events] of ledger.events) {
      const expected = events.includes(TASK_EVENTS.TASK_HOLD) ? [...lifecycle, ...held, ...closing] : [...lifecycle, ...closing];
      if (events.includes(TASK_EVENTS.TASK_HOLD)) heldSeen++;
      expect(events, key).toEqual(expected);
    }
    expect(ledger.events.size).toBe(handled);
    expect(heldSeen).toBe(ledger.holds);
    expect(ledger.transfersToQueue).toBeGreaterThan(0);
    expect(ledger.transfersToAgent).toBeGreaterThan(0);
    expect(ledger.holds).toBeGreaterThan(0);
    expect(ledger.talked).toBe(TALKING);

    // Every agent is free again, with no task left.
    for (const c of centers) {
      expect(c.getAllTasks()).toEqual([]);
      expect(c.data?.snapshot.contacts).toEqual([]);
    }

    // The wrap-up is on the contact, as the admin API shows it.
    const sample = chatIds.slice(0, 5);
    for (const id of sample) {
      const attrs = await w.connect.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: id }));
      expect(attrs.Attributes?.wrapUpCode).toBe('Resolved');
    }

    // Bad input is refused in words, without touching the server's data.
    const wrong = await centers[0]!.setAgentState('Napping').catch((e: unknown) => e);
    expect(isTaskError(wrong, 'InvalidInput') && wrong.message).toBe(
      'setAgentState: the agent has no status Napping (known: Available, Break, Lunch, Offline)',
    );

    console.log(
      `fifty agents: ${AGENTS} agents, ${CHATS} chats + ${TASKS} tasks started, ${handled} contacts handled ` +
        `(${ledger.transfersToQueue} transferred to a queue, ${ledger.transfersToAgent} to an agent, ${ledger.holds} tasks held and resumed, ` +
        `${ledger.talked} chats talked both ways), ${[...ledger.events.values()].reduce((n, e) => n + e.length, 0)} task events; ` +
        `sign-in ${signedIn - started} ms, starting ${allStarted - signedIn} ms, all wrapped up ${finished - started} ms after sign-in began`,
    );
  }, 150_000);
});
