import { describe, expect, it } from 'vitest';
import { FakeClock } from './__tests__/fakes.js';
import { AgentApiError } from './errors.js';
import { PendingCommands } from './pending.js';

describe('PendingCommands', () => {
  it('numbers commands and settles each once with its answer', async () => {
    const p = new PendingCommands(new FakeClock());
    const a = p.add('getAgentStates', {}, 1_000);
    const b = p.add('acceptContact', { contactId: 'c' }, 1_000);
    expect(JSON.parse(a.command!.frame)).toEqual({ id: '1', method: 'getAgentStates', params: {} });
    expect(b.command!.id).toBe('2');
    expect(p.settle('1', { states: [] })).toBe(true);
    expect(p.settle('1', {})).toBe(false);
    p.settle('2', new AgentApiError('InvalidStateException', 'already connected'));
    await expect(a.promise).resolves.toEqual({ states: [] });
    await expect(b.promise).rejects.toMatchObject({ type: 'InvalidStateException' });
    expect(p.size).toBe(0);
  });

  it('times out: NetworkingError when never sent, TimeoutError when sent', async () => {
    const clock = new FakeClock();
    const p = new PendingCommands(clock);
    const unsent = p.add('a', {}, 1_000);
    const sent = p.add('b', {}, 2_000);
    sent.command!.sent = true;
    clock.advance(1_000);
    await expect(unsent.promise).rejects.toMatchObject({ type: 'NetworkingError', message: expect.stringContaining('not sent') });
    clock.advance(1_000);
    await expect(sent.promise).rejects.toMatchObject({
      type: 'TimeoutError',
      message: expect.stringContaining('may or may not'),
    });
  });

  it('fails the sent commands of a lost socket and keeps the unsent ones', async () => {
    const p = new PendingCommands(new FakeClock());
    const sent = p.add('a', {}, 1_000);
    const queued = p.add('b', {}, 1_000);
    sent.command!.sent = true;
    p.failSent(new AgentApiError('NetworkingError', 'lost'));
    await expect(sent.promise).rejects.toMatchObject({ type: 'NetworkingError' });
    expect(p.unsent().map((c) => c.method)).toEqual(['b']);
    p.failAll(new AgentApiError('NetworkingError', 'closed'));
    await expect(queued.promise).rejects.toMatchObject({ message: 'closed' });
  });

  it('refuses parameters that are not JSON, or a frame over 64 KiB, without sending', async () => {
    const p = new PendingCommands(new FakeClock());
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const a = p.add('a', cyclic, 1_000);
    expect(a.command).toBeUndefined();
    await expect(a.promise).rejects.toMatchObject({ type: 'InvalidParameterException' });
    const big = p.add('sendClientLogs', { logEvents: ['x'.repeat(70_000)] }, 1_000);
    await expect(big.promise).rejects.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringContaining('64 KiB'),
    });
    expect(p.size).toBe(0);
  });
});
