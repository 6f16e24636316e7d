/**
 * A voice contact in the agent's snapshot: the agent connection's softphoneMediaInfo
 * (the voice token only while it rings or is connected), the customer connection `hold`
 * from the hold's start, both connections' `mute`, the customer's DTMF digits.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceCoords } from '../model/arn.js';
import type { User } from '../model/entities.js';
import type { AgentRuntime, Assignment, ContactRuntime } from '../routing/types.js';
import { newVoiceCall, type VoiceCallState, voiceCallStep } from '../voice/call.js';
import { buildContact, type ContactContext } from './snapshot-contact.js';
import type { ContactView } from './snapshot-types.js';

const T0 = Date.parse('2026-01-02T10:00:00.000Z');
const coords: InstanceCoords = {
  region: 'us-east-1',
  accountId: '123456789012',
  instanceId: '6f2b1c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const user = { id: 'u1', name: 'alice' } as User;
const agent = {
  agentId: 'u1',
  routing: { autoAccept: { VOICE: true, CHAT: false, TASK: false } },
} as unknown as AgentRuntime;
const ctx: ContactContext = { coords, agent, user, queues: new Map(), agentName: 'Alice' };
const iso = (ms: number) => new Date(ms).toISOString();

const assignment = (state: Assignment['state']): Assignment => ({
  contactId: 'call-1',
  channel: 'VOICE',
  state,
  since: T0 + 2_000,
  offeredAt: T0 + 1_000,
  connectionId: 'conn-a',
  connectionState: state === 'ended' ? 'disconnected' : state === 'connected' ? 'connected' : 'connecting',
  connectionSince: T0 + 2_000,
});
const runtime = (phase: ContactRuntime['phase']): ContactRuntime => ({
  contactId: 'call-1',
  initialContactId: 'call-1',
  channel: 'VOICE',
  phase,
  phaseSince: T0 + 2_000,
  createdAt: T0,
  ...(phase === 'ended' ? { endedAt: T0 + 9_000 } : {}),
});
const view = (phase: ContactRuntime['phase'], call: VoiceCallState, token?: string): ContactView => ({
  runtime: runtime(phase),
  attributes: {},
  customerConnectionId: 'cust-1',
  initiationMethod: 'WEBRTC_API',
  voice: { call, ...(token !== undefined ? { callContextToken: token } : {}) },
});
const build = (state: Assignment['state'], phase: ContactRuntime['phase'], call: VoiceCallState, token?: string) => {
  const c = buildContact(ctx, assignment(state), view(phase, call, token), iso);
  return { c, agentConn: c.connections[0], customerConn: c.connections[1] };
};
const connected = voiceCallStep(newVoiceCall('cust-1'), { type: 'agent_connected', connectionId: 'conn-a' }).state;

describe('a voice contact in the snapshot', () => {
  it("ringing: the agent's connection carries how to join; no digits yet", () => {
    const { c, agentConn, customerConn } = build('connecting', 'connecting', newVoiceCall('cust-1'), 'tok');
    expect(c.type).toBe('voice');
    expect(agentConn?.softphoneMediaInfo).toEqual({ callType: 'audio_only', autoAccept: true, callContextToken: 'tok' });
    expect(agentConn).toMatchObject({ mute: false, forcedMute: false });
    expect(customerConn).toMatchObject({ state: { type: 'connected', timestamp: iso(T0) }, mute: false, forcedMute: false });
    expect(c).not.toHaveProperty('customerDigits');
    expect(agentConn).not.toHaveProperty('chatMediaInfo');
  });

  it('held and muted: the customer connection is `hold` since the hold began, the agent `mute`; the digits', () => {
    let call = voiceCallStep(connected, { type: 'hold', legId: 'cust-1', at: T0 + 5_000 }).state;
    call = voiceCallStep(call, { type: 'mute', legId: 'conn-a' }).state;
    for (const digit of '159#') call = voiceCallStep(call, { type: 'digit', legId: 'cust-1', digit }).state;
    const { c, agentConn, customerConn } = build('connected', 'connected', call, 'tok');
    expect(customerConn?.state).toEqual({ type: 'hold', timestamp: iso(T0 + 5_000) });
    expect(agentConn?.mute).toBe(true);
    expect(customerConn?.mute).toBe(false);
    expect(c.customerDigits).toBe('159#');
    const resumed = voiceCallStep(call, { type: 'resume', legId: 'cust-1' }).state;
    expect(build('connected', 'connected', resumed, 'tok').customerConn?.state.type).toBe('connected');
  });

  it('after-contact work: no token, the customer disconnected (not held)', () => {
    const held = voiceCallStep(connected, { type: 'hold', legId: 'cust-1', at: T0 + 5_000 }).state;
    const ended = voiceCallStep(held, { type: 'ended' }).state;
    const { agentConn, customerConn } = build('ended', 'ended', ended);
    expect(agentConn?.softphoneMediaInfo).toEqual({ callType: 'audio_only', autoAccept: true });
    expect(customerConn?.state).toEqual({ type: 'disconnected', timestamp: iso(T0 + 9_000) });
  });
});
