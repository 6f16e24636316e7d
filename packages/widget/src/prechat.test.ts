import { describe, expect, it } from 'vitest';
import type { PreChatField } from './configuration.js';
import { fieldProblem, formProblems, formValues, inputKind } from './prechat.js';
import { en } from './strings/en.js';

const name: PreChatField = { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 10 };
const email: PreChatField = { name: 'email', label: 'Email', type: 'email', required: false, maxLength: undefined };

describe('the pre-chat form', () => {
  it('says what is wrong with each field, in words', () => {
    expect(fieldProblem(name, '  ', en)).toBe('Your name is required.');
    expect(fieldProblem(name, 'a'.repeat(11), en)).toBe('Use at most 10 characters.');
    expect(fieldProblem(name, '<b>Jane</b>', en)).toBe('Use at most 10 characters.');
    expect(fieldProblem(name, '<i>J</i>', en)).toBe('Remove the characters < and >.');
    expect(fieldProblem(email, 'jane@', en)).toBe('Enter an email address like name@example.com.');
    expect(fieldProblem(email, '', en)).toBeUndefined();
    expect(fieldProblem(email, 'jane@example.com', en)).toBeUndefined();
  });

  it('collects the problems and the values to send', () => {
    expect(formProblems([name, email], { email: 'x' }, en)).toEqual({
      name: expect.any(String),
      email: 'Enter an email address like name@example.com.',
    });
    expect(formValues([name, email], { name: ' Jane ', email: '', other: 'x' })).toEqual({ name: 'Jane' });
    expect(inputKind('email')).toEqual({ type: 'email', autocomplete: 'email' });
  });
});
