/**
 * The Task shell with a fake agent client and a fake clock: operations settle on their own
 * contact's change only (two tasks' identical operations never collide), time out with a
 * typed error naming the task, the operation and what was awaited, refuse a second identical
 * operation on the same task, and the auto wrap-up runs on the injected clock.
 */
import type { AgentClient, Clock, ContactData } from '@switchboard/agent-client';
import { describe, expect, it } from 'vitest';
import { type ContactSpec, contact } from '../test/contacts.js';
import { isTaskError } from './errors.js';
import { Task, type TaskHost } from './task.js';

class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; cb: () => void; id: number }[] = [];
  private next = 1;
  now = () => this.t;
  setTimeout = (cb: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, cb, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  advance(ms: number): void {
    this.t += ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      due.cb();
    }
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(opts: { autoWrapup?: TaskHost['autoWrapup'] } = {}) {
  const sent: { name: string; params: Record<string, unknown> }[] = [];
  const clock = new FakeClock();
  const client = {
    command: async (name: string, params: Record<string, unknown>) => {
      sent.push({ name, params });
      if (name === 'getWrapUpCodes') return { wrapUpCodes: [{ id: 'w1', name: 'Resolved' }] };
      return {};
    },
  } as unknown as AgentClient;
  const errors: Error[] = [];
  const host: TaskHost = {
    client,
    clock,
    endpoint: 'http://127.0.0.1:1',
    operationTimeoutMs: 5000,
    media: false,
    microphone: () => Promise.reject(new Error('no microphone')),
    autoWrapup: opts.autoWrapup,
    wrapUpCodes: async () => [{ id: 'w1', name: 'Resolved' }],
    queues: () => [],
    declined: () => undefined,
    reportError: (e) => errors.push(e),
  };
  const task = (spec: ContactSpec) => new Task(host, contact(spec));
  return { sent, clock, task, errors };
}

const push = (task: Task, spec: ContactSpec | undefined) => task._sync(spec && (contact(spec) as ContactData<string>));

describe('a Task operation', () => {
  it('settles on its own contact only: the same operation on two tasks at once', async () => {
    const { task } = setup();
    const a = task({ id: 'a', type: 'task' });
    const b = task({ id: 'b', type: 'task' });
    let aDone = false;
    let bDone = false;
    const ha = a.hold().then(() => (aDone = true));
    const hb = b.hold().then(() => (bDone = true));
    await flush();
    // Only b's contact shows the pause: only b's hold resolves.
    push(b, { id: 'b', type: 'task', state: 'paused' });
    await hb;
    await flush();
    expect([aDone, bDone]).toEqual([false, true]);
    push(a, { id: 'a', type: 'task', state: 'paused' });
    await ha;
    expect(a.data.state).toBe('held');
  });

  it('times out with a typed error naming the task, the operation and what it waited for', async () => {
    const { task, clock } = setup();
    const t = task({ id: 'a', type: 'task' });
    const held = t.hold().catch((e: unknown) => e);
    await flush();
    clock.advance(5000);
    const err = await held;
    expect(isTaskError(err, 'OperationTimeout')).toBe(true);
    expect(err).toMatchObject({ taskId: 'a', operation: 'hold' });
    expect((err as Error).message).toBe('hold on task a (task) timed out after 5000 ms waiting for the customer on hold');
  });

  it('refuses a second identical operation on the same task while the first runs', async () => {
    const { task } = setup();
    const t = task({ id: 'a', type: 'task' });
    const first = t.hold();
    const second = await t.hold().catch((e: unknown) => e);
    expect(isTaskError(second, 'OperationPending')).toBe(true);
    expect((second as Error).message).toBe('hold on task a is already under way: wait for it before asking again');
    push(t, { id: 'a', type: 'task', state: 'paused' });
    await first;
  });

  it('fails in words when the task leaves before the change shows', async () => {
    const { task } = setup();
    const t = task({ id: 'a', type: 'task' });
    const held = t.hold().catch((e: unknown) => e);
    await flush();
    push(t, undefined);
    const err = await held;
    expect(isTaskError(err, 'TaskGone')).toBe(true);
    expect((err as Error).message).toMatch(/^hold on task a: the server took pauseContact, but the task left the agent’s data/);
  });

  it('refuses what the channel or state does not allow, before sending anything', async () => {
    const { task, sent } = setup();
    const chat = task({ id: 'c', type: 'chat' });
    await expect(chat.hold()).rejects.toThrow('hold on task c: a chat cannot be held (calls are held, tasks paused)');
    await expect(chat.consult({ to: 'bob', destinationType: 'agent' })).rejects.toThrow(
      'consult on task c: only calls have it (this is a chat)',
    );
    await expect(chat.wrapup({ wrapUpReason: 'x', auxCodeId: 'w1' })).rejects.toThrow(
      'wrapup on task c (chat): the task is connected; wrap-up follows the end of the task: end it first',
    );
    const ended = task({ id: 'e', state: 'ended' });
    await expect(ended.wrapup({ wrapUpReason: 'x', auxCodeId: 'nope' })).rejects.toThrow(
      'wrapup of task e: AuxCodeId nope is not a wrap-up code of the instance (known: Resolved (w1))',
    );
    expect(sent).toEqual([]);
  });

  it('wraps itself up on the injected clock; cancelAutoWrapupTimer stops it', async () => {
    const { task, clock, sent } = setup({ autoWrapup: { afterMs: 10_000, allowCancel: true } });
    const t = task({ id: 'a' });
    push(t, { id: 'a', state: 'ended' });
    expect(t.autoWrapup?.getTimeLeftSeconds()).toBe(10);
    clock.advance(10_000);
    await flush();
    await flush();
    expect(sent.map((s) => s.name)).toEqual(['setContactWrapUp', 'clearContact']);
    expect(sent[0]?.params).toEqual({ contactId: 'a', wrapUpCode: 'w1' });
    push(t, undefined);

    const u = task({ id: 'b' });
    push(u, { id: 'b', state: 'ended' });
    u.cancelAutoWrapupTimer();
    expect(u.autoWrapup).toBeUndefined();
    clock.advance(60_000);
    await flush();
    expect(sent.map((s) => s.name)).toEqual(['setContactWrapUp', 'clearContact']);
  });
});
