import type { ContactData } from '@switchboard/agent-client';
import { describe, expect, it } from 'vitest';
import { callToJoin, customerConnection } from './softphone.js';

const at = '2026-12-07T09:00:00.000Z';
const contact = (
  contactId: string,
  type: string,
  agentState: string,
  token: string | undefined,
  customerState = 'connected',
): ContactData<string> =>
  ({
    contactId,
    type,
    state: { type: agentState === 'connecting' ? 'connecting' : agentState, timestamp: at },
    connections: [
      {
        connectionId: `${contactId}-agent`,
        type: 'agent',
        state: { type: agentState, timestamp: at },
        ...(type === 'voice'
          ? { softphoneMediaInfo: { callType: 'audio_only', autoAccept: false, ...(token ? { callContextToken: token } : {}) } }
          : {}),
      },
      { connectionId: `${contactId}-customer`, type: 'inbound', state: { type: customerState, timestamp: at } },
    ],
  }) as unknown as ContactData<string>;

describe('which call the softphone joins', () => {
  it('the voice contact with a token, ringing or connected (the leg opens while the offer rings)', () => {
    expect(callToJoin([contact('c1', 'voice', 'connecting', 'tok-1')])).toMatchObject({ token: 'tok-1' });
    expect(callToJoin([contact('c1', 'voice', 'connected', 'tok-1', 'hold')])).toMatchObject({ token: 'tok-1' });
  });

  it('none in after-contact work (no token), for chats and tasks, or once the offer was missed', () => {
    expect(callToJoin([contact('c1', 'voice', 'ended', undefined)])).toBeUndefined();
    expect(callToJoin([contact('c1', 'voice', 'missed', 'tok-1')])).toBeUndefined();
    expect(
      callToJoin([contact('c2', 'chat', 'connected', undefined), contact('c3', 'task', 'connected', undefined)]),
    ).toBeUndefined();
  });

  it("a chat beside the call does not hide it; hold acts on the customer's connection", () => {
    const call = contact('c2', 'voice', 'connected', 'tok-2', 'hold');
    expect(callToJoin([contact('c1', 'chat', 'connected', undefined), call])?.contact.contactId).toBe('c2');
    expect(customerConnection(call)?.connectionId).toBe('c2-customer');
  });
});
