import { describe, expect, it } from 'vitest';
import { contrast, fill, initials, mergeStrings, parseHex, themeColours } from './format.js';
import { en } from './strings/en.js';

describe('format', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{name} is typing… {x}', { name: 'Bob' })).toBe('Bob is typing… {x}');
  });

  it('merges a host’s strings over English, ignoring what is not a known string', () => {
    const s = mergeStrings(en, { send: 'Senden', bogus: 'x', launcherOpen: 5 });
    expect(s.send).toBe('Senden');
    expect(s.launcherOpen).toBe(en.launcherOpen);
    expect('bogus' in s).toBe(false);
    expect(mergeStrings(en, null)).toBe(en);
  });

  it('initials', () => {
    expect(initials('Jane  Doe')).toBe('JD');
    expect(initials('bob')).toBe('B');
    expect(initials('  ')).toBe('?');
    expect(initials('Émile Zola-Durand')).toBe('ÉZ');
  });

  it('derives readable theme colours from the primary colour', () => {
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('red')).toBeUndefined();
    expect(themeColours('#0b63c9')).toEqual({ primary: 'rgb(11 99 201)', onPrimary: '#fff', accent: 'rgb(11 99 201)' });
    // A light brand colour: dark text on it, and near-black focus rings and links on white.
    expect(themeColours('#ffd400')).toEqual({ primary: 'rgb(255 212 0)', onPrimary: '#1a1a1a', accent: '#1a1a1a' });
    // Anything but a hex colour (CSS injection included) is the default.
    expect(themeColours('red;}body{display:none').primary).toBe('rgb(11 99 201)');
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
  });
});
