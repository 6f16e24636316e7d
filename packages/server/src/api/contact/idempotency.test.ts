import { describe, expect, it } from 'vitest';
import { IdempotencyCache } from './idempotency.js';

describe('IdempotencyCache', () => {
  it('answers a repeated token with the first answer, per instance', async () => {
    const cache = new IdempotencyCache<number>();
    let calls = 0;
    const fn = async () => ++calls;
    expect(await cache.run('i1', 'tok', 0, fn)).toBe(1);
    expect(await cache.run('i1', 'tok', 1000, fn)).toBe(1);
    expect(await cache.run('i2', 'tok', 1000, fn)).toBe(2);
    expect(await cache.run('i1', undefined, 1000, fn)).toBe(3);
    expect(await cache.run('i1', undefined, 1000, fn)).toBe(4);
  });

  it('shares one call between concurrent retries', async () => {
    const cache = new IdempotencyCache<string>();
    let release!: (v: string) => void;
    let calls = 0;
    const fn = () => {
      calls++;
      return new Promise<string>((r) => {
        release = r;
      });
    };
    const a = cache.run('i', 't', 0, fn);
    const b = cache.run('i', 't', 0, fn);
    release('done');
    expect(await Promise.all([a, b])).toEqual(['done', 'done']);
    expect(calls).toBe(1);
  });

  it('forgets a failed call, so it can be retried', async () => {
    const cache = new IdempotencyCache<string>();
    await expect(cache.run('i', 't', 0, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.run('i', 't', 0, async () => 'ok')).toBe('ok');
  });

  it('forgets tokens after the window and beyond the size limit', async () => {
    const cache = new IdempotencyCache<number>(1000, 2);
    await cache.run('i', 'a', 0, async () => 1);
    expect(await cache.run('i', 'a', 999, async () => 2)).toBe(1);
    expect(await cache.run('i', 'a', 1000, async () => 3)).toBe(3);
    await cache.run('i', 'b', 1000, async () => 4);
    await cache.run('i', 'c', 1000, async () => 5);
    expect(cache.size).toBe(2);
    expect(cache.get('i', 'a', 1000)).toBeUndefined();
    cache.remember('i', 'd', 1500, 6);
    expect(await cache.get('i', 'd', 1500)).toBe(6);
  });
});
