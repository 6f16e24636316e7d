import { describe, expect, it } from 'vitest';
import { fillPlaceholders, unfilled } from './placeholders.js';

describe('quick-response placeholders in the desktop', () => {
  const ctx = { customerName: 'Jane', attributes: { orderId: 'A-17' } };
  it('fills the customer name and attributes, also before a full stop', () => {
    expect(fillPlaceholders('Hi $.Customer.name, order $.Attributes.orderId.', ctx)).toBe('Hi Jane, order A-17.');
  });
  it('leaves what it cannot fill, and names it', () => {
    const out = fillPlaceholders('Ref $.Attributes.missing for $.Customer.name', { attributes: {} });
    expect(out).toBe('Ref $.Attributes.missing for $.Customer.name');
    expect(unfilled(out)).toEqual(['$.Attributes.missing', '$.Customer.name']);
  });
});
