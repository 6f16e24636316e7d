import { describe, expect, it } from 'vitest';
import { attachmentProblem, checkAttachment, contentTypeOf, typeLabel } from './attachments.js';
import type { AttachmentRules } from './configuration.js';
import { en } from './strings/en.js';

const rules: AttachmentRules = {
  enabled: true,
  maxSizeBytes: 5 * 1024 * 1024,
  contentTypes: ['image/png', 'image/jpeg', 'application/pdf', 'text/*'],
};
const file = (name: string, size: number, type = '') => ({ name, size, type });

describe('checkAttachment', () => {
  it('takes a file of an accepted type and size', () => {
    expect(checkAttachment(file('a.png', 1000, 'image/png'), rules)).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkAttachment(file('notes.csv', 10, 'text/csv'), rules).ok).toBe(true); // text/*
    expect(checkAttachment(file('exact.pdf', rules.maxSizeBytes, 'application/pdf'), rules).ok).toBe(true);
  });

  it('types a file the browser left untyped by its name', () => {
    expect(contentTypeOf(file('Photo.JPG', 1))).toBe('image/jpeg');
    expect(contentTypeOf(file('noext', 1))).toBe('application/octet-stream');
    expect(contentTypeOf(file('x.png', 1, 'IMAGE/PNG; charset=x'))).toBe('image/png');
    expect(checkAttachment(file('Photo.JPG', 10), rules)).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('refuses, with the reason', () => {
    expect(checkAttachment(file('big.png', rules.maxSizeBytes + 1, 'image/png'), rules)).toMatchObject({
      ok: false,
      reason: 'tooLarge',
    });
    expect(checkAttachment(file('run.exe', 10, 'application/x-msdownload'), rules)).toMatchObject({ ok: false, reason: 'type' });
    expect(checkAttachment(file('empty.png', 0, 'image/png'), rules)).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkAttachment(file('a.png', 1, 'image/png'), { ...rules, enabled: false })).toMatchObject({
      ok: false,
      reason: 'disabled',
    });
  });

  it('takes any type when the configuration lists none', () => {
    expect(checkAttachment(file('x.bin', 1, 'application/octet-stream'), { ...rules, contentTypes: [] }).ok).toBe(true);
  });

  it('says why in words, with sizes and types a person reads', () => {
    const big = file('holiday.png', 7.5 * 1024 * 1024, 'image/png');
    const c1 = checkAttachment(big, rules);
    if (c1.ok) throw new Error('expected a refusal');
    expect(attachmentProblem(big, c1, rules, en, 'en-US')).toBe(
      'holiday.png cannot be sent: it is 7.5 MB, and files can be at most 5 MB.',
    );
    const exe = file('run.exe', 10, 'application/x-msdownload');
    const c2 = checkAttachment(exe, rules);
    if (c2.ok) throw new Error('expected a refusal');
    expect(attachmentProblem(exe, c2, rules, en, 'en-US')).toBe(
      'run.exe cannot be sent: that type of file is not accepted here. Accepted: PNG, JPG, PDF, text files.',
    );
    expect(typeLabel('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('DOCX');
  });
});
