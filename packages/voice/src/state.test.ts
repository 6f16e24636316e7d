import { describe, expect, it } from 'vitest';
import { checkDigits, isFinal } from './state.js';

describe('checkDigits', () => {
  it('takes the keypad, the letters A-D (upper-cased) and pauses', () => {
    expect(checkDigits('159#')).toBe('159#');
    expect(checkDigits('*0,ab')).toBe('*0,AB');
  });

  it.each(['', '12x', '1 2', 'E', '#\n'])('refuses %j in words', (d) => {
    expect(() => checkDigits(d)).toThrow(/digits must be/);
  });
});

describe('isFinal', () => {
  it('ended and failed are final; the others are not', () => {
    expect(['new', 'connecting', 'connected', 'disconnected', 'ended', 'failed'].filter((s) => isFinal(s as never))).toEqual([
      'ended',
      'failed',
    ]);
  });
});
