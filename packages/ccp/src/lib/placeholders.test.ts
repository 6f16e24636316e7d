import { describe, expect, it } from 'vitest';
import { fillPlaceholders, unfilled } from './placeholders.js';

describe('fillPlaceholders', () => {
  const ctx = { customerName: 'Jane', attributes: { orderId: 'A-17', empty: '' } };
  it('fills the customer name and attributes', () => {
    expect(fillPlaceholders('Hi $.Customer.name, order $.Attributes.orderId is on its way.', ctx)).toBe(
      'Hi Jane, order A-17 is on its way.',
    );
  });
  it('leaves what it cannot fill, visibly', () => {
    const out = fillPlaceholders('Ref $.Attributes.missing / $.Attributes.empty', ctx);
    expect(out).toBe('Ref $.Attributes.missing / $.Attributes.empty');
    expect(unfilled(out)).toEqual(['$.Attributes.missing', '$.Attributes.empty']);
  });
  it('does not fill from a customer name it does not have', () => {
    expect(fillPlaceholders('Hi $.Customer.name', { attributes: {} })).toBe('Hi $.Customer.name');
  });
});
