/**
 * Exactly once, in order, under a bad network: while the agent sends 500 messages, the
 * network between the sessions and the server fails 20 times — the server's end of the
 * websockets cut, and the client's network gone for 1–5 s — and afterwards each session
 * has handed on every item once, in transcript order. The agent sends over REST straight
 * to the server (only its websocket crosses the failing network); the customer crosses it
 * for everything.
 */
import { ChatSession, ContentTypes } from '@switchboard/chat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { sleep, startChat, startWorld, type World } from './support.js';

const MESSAGES = 500;
const DROPS = 20;

describe('exactly once, in transcript order, across 20 dropped connections', () => {
  let w: World;
  let bob: AgentSocket;

  beforeAll(async () => {
    ChatSession.setGlobalConfig({ reconnect: { baseMs: 50, maxMs: 400 } });
    w = await startWorld();
    bob = await w.world.agent('bob');
  });
  afterAll(async () => w?.close());

  it(`${MESSAGES} messages from the agent, ${DROPS} drops (server-side close and 1–5 s offline)`, {
    timeout: 120_000,
  }, async () => {
    const { customer, agent } = await startChat(w, bob, w.proxy.url, w.world.server.url);
    await customer.waitFor('message', (i) => i.ContentType === ContentTypes.participantJoined && i.ParticipantRole === 'AGENT');

    let sending = true;
    const sent: string[] = [];
    const sender = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        sent.push((await agent.session.sendMessage({ contentType: 'text/plain', message: `burst ${i}` })).data.Id);
        await sleep(i % 25 === 0 ? 40 : 15);
      }
      sending = false;
    })();

    // A fixed pattern (no randomness in a test): every third drop is the client going
    // offline for 1–5 s, the others cut the websockets at the server's end.
    const offlineMs = [1000, 3000, 5000, 2000, 4000, 1500, 2500];
    let offlineWindows = 0;
    for (let d = 0; d < DROPS; d++) {
      await sleep(250);
      if (d % 3 === 2) {
        w.proxy.offline(offlineMs[offlineWindows++ % offlineMs.length]!);
        await sleep(offlineMs[(offlineWindows - 1) % offlineMs.length]!);
      } else {
        w.proxy.dropWebSockets();
      }
      // Let the sessions reconnect before the next failure (a drop of a socket being set up counts too).
      await customer.waitFor('connectionEstablished', () => true, 'a reconnect', 15_000).catch(() => undefined);
    }
    await sender;
    expect(sending).toBe(false);
    const last = sent.at(-1)!;
    await customer.waitFor('message', (i) => i.Id === last, 'the last message at the customer', 20_000);
    await agent.waitFor('message', (i) => i.Id === last, 'the last echo at the agent', 20_000);

    expect(w.proxy.drops).toBeGreaterThanOrEqual(DROPS);
    expect(customer.count('connectionLost')).toBeGreaterThanOrEqual(DROPS / 2);
    expect(customer.count('connectionBroken')).toBe(0);

    // The whole transcript, read straight from the server.
    const transcript = (await agent.session.loadTranscript()).map((i) => i.Id);
    // loadTranscript leaves out what the agent's callbacks handed on: read it raw instead.
    const all: string[] = [];
    let next: string | undefined;
    do {
      const page = await agent.session.getTranscript({
        scanDirection: 'FORWARD',
        sortOrder: 'ASCENDING',
        maxResults: 100,
        ...(next ? { nextToken: next } : { startPosition: { absoluteTime: '1970-01-01T00:00:00.000Z' } }),
      });
      all.push(...page.data.Transcript.map((i) => i.Id));
      next = page.data.NextToken;
    } while (next);
    expect(all.filter((id) => sent.includes(id))).toEqual(sent);

    for (const r of [customer, agent]) {
      const ids = r.items().map((i) => i.Id);
      expect(new Set(ids).size, 'no item twice').toBe(ids.length);
      expect(
        ids.filter((id) => sent.includes(id)),
        'every message, in order',
      ).toEqual(sent);
      // Everything handed on is the transcript from the first item handed on, with no gap.
      const from = all.indexOf(ids[0]!);
      expect(from).toBeGreaterThanOrEqual(0);
      expect(ids).toEqual(all.slice(from, from + ids.length));
    }
    expect(transcript.every((id) => !sent.includes(id))).toBe(true);
    customer.session.close();
    agent.session.close();
  });
});
