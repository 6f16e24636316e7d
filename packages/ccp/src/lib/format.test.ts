import { describe, expect, it } from 'vitest';
import { duration, fileSize, initials } from './format.js';

describe('format', () => {
  it('durations as timers', () => {
    expect([0, 7_000, 245_000, 3_729_000, -5].map(duration)).toEqual(['0:00', '0:07', '4:05', '1:02:09', '0:00']);
  });
  it('file sizes', () => {
    expect(fileSize(12, 'en')).toBe('12 byte');
    expect(fileSize(340 * 1024, 'en')).toBe('340 kB');
    expect(fileSize(1.25 * 1024 * 1024, 'en')).toBe('1.3 MB');
  });
  it('initials', () => {
    expect([initials('Jane Doe'), initials('bob'), initials('  '), initials('Ana María López')]).toEqual(['JD', 'B', '?', 'AL']);
  });
});
