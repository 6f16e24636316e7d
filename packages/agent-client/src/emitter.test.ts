import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './emitter.js';

interface Events {
  ping: (n: number) => void;
  pong: (a: string, b: boolean) => void;
}

describe('TypedEmitter', () => {
  it('calls each listener with the arguments, until it unsubscribes', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    const got: number[] = [];
    const off = e.on('ping', (n) => got.push(n));
    e.emit('ping', 1);
    off();
    off();
    e.emit('ping', 2);
    expect(got).toEqual([1]);
    expect(e.count('ping')).toBe(0);
  });

  it('keeps two subscriptions of the same function apart', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    const got: string[] = [];
    const f = (a: string) => got.push(a);
    const off1 = e.on('pong', f);
    e.on('pong', f);
    off1();
    e.emit('pong', 'x', true);
    expect(got).toEqual(['x']);
  });

  it('calls a once listener the first time only, and not at all once unsubscribed', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    const got: number[] = [];
    e.once('ping', (n) => got.push(n));
    const off = e.once('ping', (n) => got.push(n * 10));
    off();
    e.emit('ping', 1);
    e.emit('ping', 2);
    expect(got).toEqual([1]);
    expect(e.count('ping')).toBe(0);
  });

  it('reports a listener that throws and still calls the others', () => {
    const errors: [keyof Events, unknown][] = [];
    const e = new TypedEmitter<Events>((event, err) => errors.push([event, err]));
    const got: number[] = [];
    e.on('ping', () => {
      throw new Error('boom');
    });
    e.on('ping', (n) => got.push(n));
    e.emit('ping', 3);
    expect(got).toEqual([3]);
    expect(errors).toEqual([['ping', new Error('boom')]]);
  });

  it('types events and their arguments', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    // @ts-expect-error: no such event
    e.on('nope', () => undefined);
    // @ts-expect-error: ping carries a number
    e.emit('ping', 'one');
    e.on('pong', (a: string, b: boolean) => expect([a, b]).toBeDefined());
  });
});
