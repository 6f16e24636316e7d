import { describe, expect, it } from 'vitest';
import { compactDuration, httpUrl, pauseCount, pausedMs, referenceView, type TaskContact, timeLeft } from './task.js';

const H = 3_600_000;

describe('task view helpers', () => {
  it('links only to http and https URLs with a host', () => {
    expect(httpUrl('https://crm.example.com/case/42')).toBe('https://crm.example.com/case/42');
    expect(httpUrl(' http://x.test ')).toBe('http://x.test/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://x.test', 'not a url', '']) {
      expect(httpUrl(bad)).toBeUndefined();
    }
  });

  it('shows references by type: URL and EMAIL as links when safe, DATE in the locale, the rest as text', () => {
    expect(referenceView({ type: 'URL', value: 'https://crm.test/1' })).toEqual({
      kind: 'link',
      href: 'https://crm.test/1',
      text: 'https://crm.test/1',
    });
    expect(referenceView({ type: 'URL', value: 'javascript:alert(1)' })).toEqual({ kind: 'text', text: 'javascript:alert(1)' });
    expect(referenceView({ type: 'EMAIL', value: 'jane@example.com' })).toEqual({
      kind: 'link',
      href: 'mailto:jane@example.com',
      text: 'jane@example.com',
    });
    expect(referenceView({ type: 'EMAIL', value: 'jane@example.com?bcc=x@y.z' }).kind).toBe('text');
    // A date alone is that day wherever the agent is; a date-time is shown in their zone.
    expect(referenceView({ type: 'DATE', value: '2026-05-01' }, 'en-US')).toEqual({ kind: 'text', text: 'May 1, 2026' });
    expect(referenceView({ type: 'DATE', value: '2026-05-01T09:30:00Z' }, 'en-US').text).toMatch(/May 1, 2026/);
    expect(referenceView({ type: 'DATE', value: 'soon' }, 'en-US')).toEqual({ kind: 'text', text: 'soon' });
    expect(referenceView({ type: 'NUMBER', value: '1234.5' }, 'en-US').text).toBe('1,234.5');
    expect(referenceView({ type: 'STRING', value: '<b>hi</b>' })).toEqual({ kind: 'text', text: '<b>hi</b>' });
  });

  it('time left: counts down, warns under 2 h, says when it has expired', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(timeLeft(undefined, now)).toBeUndefined();
    expect(timeLeft('2026-05-08T10:00:00Z', now)).toEqual({ ms: 7 * 24 * H, tone: 'ok' });
    expect(timeLeft('2026-05-01T12:00:00Z', now)?.tone).toBe('ok');
    expect(timeLeft('2026-05-01T11:59:59Z', now)?.tone).toBe('warn');
    expect(timeLeft('2026-05-01T10:00:00Z', now)?.tone).toBe('expired');
    expect(timeLeft('2026-05-01T09:00:00Z', now)?.tone).toBe('expired');
  });

  it('formats a span as its two largest units, rounded down', () => {
    const f = (ms: number) => compactDuration(ms, 'en');
    expect(f(7 * 24 * H)).toBe('7d');
    expect(f(6 * 24 * H + 23 * H + 59 * 60_000)).toBe('6d 23h');
    expect(f(H + 5 * 60_000 + 30_000)).toBe('1h 5m');
    expect(f(H + 30_000)).toBe('1h');
    expect(f(12 * 60_000 + 999)).toBe('12m');
    expect(f(45_900)).toBe('45s');
    expect(f(0)).toBe('0s');
    expect(f(-5)).toBe('0s');
  });

  it('paused time: finished pauses, plus the running one', () => {
    const base = {
      contactId: 'c',
      state: { type: 'connected', timestamp: '2026-05-01T10:00:00Z' },
      totalPauseCount: 1,
      totalPauseDurationInSeconds: 90,
    } as unknown as TaskContact;
    const now = Date.parse('2026-05-01T10:01:00Z');
    expect(pausedMs(base, now)).toBe(90_000);
    expect(pauseCount(base)).toBe(1);
    const paused = { ...base, totalPauseCount: 2, state: { type: 'paused', timestamp: '2026-05-01T10:00:30Z' } } as TaskContact;
    expect(pausedMs(paused, now)).toBe(120_000);
    expect(pauseCount(paused)).toBe(2);
    expect(pauseCount({ ...base, totalPauseCount: undefined } as TaskContact)).toBe(0);
    expect(pausedMs({ ...base, totalPauseDurationInSeconds: undefined } as TaskContact, now)).toBe(0);
  });
});
