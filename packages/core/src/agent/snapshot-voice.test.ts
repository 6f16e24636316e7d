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
const connected = voiceCallStep(newVoiceCall('cust-1', 'contact-1'), { type: 'agent_connected', connectionId: 'conn-a' }).state;

describe('a voice contact in the snapshot', () => {
  it("ringing: the agent's connection carries how to join; no digits yet", () => {
    const { c, agentConn, customerConn } = build('connecting', 'connecting', newVoiceCall('cust-1', 'contact-1'), 'tok');
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

  it("a consult: Streams' third `outbound` connection, ringing, then connected or on hold; the consulted agent's own mute", () => {
    const endpoint = { type: 'agent', name: 'Bob Brown', arn: 'arn:qc/bob' } as const;
    const third = { connectionId: 'conn-third', contactId: 'contact-b', endpoint };
    const ringing = voiceCallStep(connected, { type: 'consult', third, at: T0 + 1_000 }).state;
    const { c } = build('connected', 'connected', ringing, 'tok');
    expect(c.connections[2]).toEqual({
      connectionId: 'conn-third',
      type: 'outbound',
      initial: false,
      state: { type: 'connecting', timestamp: iso(T0 + 1_000) },
      endpoint: { type: 'agent', name: 'Bob Brown', endpointARN: 'arn:qc/bob' },
      mute: false,
      forcedMute: false,
    });
    expect(c.connections[1]?.state).toEqual({ type: 'hold', timestamp: iso(T0 + 1_000) });
    const on = voiceCallStep(ringing, { type: 'third_connected', contactId: 'contact-b', legId: 'conn-b', at: T0 + 2_000 }).state;
    expect(build('connected', 'connected', on).c.connections[2]?.state).toEqual({
      type: 'connected',
      timestamp: iso(T0 + 2_000),
    });
    const swapped = voiceCallStep(on, { type: 'swap', at: T0 + 3_000 }).state;
    expect(build('connected', 'connected', swapped).c.connections[2]?.state).toEqual({
      type: 'hold',
      timestamp: iso(T0 + 3_000),
    });
    // The consulted agent's own contact shows the call without a third connection, with their own mute.
    const muted = voiceCallStep(on, { type: 'mute', legId: 'conn-b' }).state;
    const bobs = buildContact(
      ctx,
      { ...assignment('connected'), connectionId: 'conn-b' },
      { ...view('connected', muted), voice: { call: muted, consulted: true } },
      iso,
    );
    expect(bobs.connections).toHaveLength(2);
    expect(bobs.calledIn).toBe(true);
    expect(build('connected', 'connected', on).c).not.toHaveProperty('calledIn');
    expect(bobs.connections[0]?.mute).toBe(true);
    expect(
      build('ended', 'ended', voiceCallStep(on, { type: 'ended', agentLeft: true }).state).c.connections[2]?.state.type,
    ).toBe('disconnected');
  });

  it('a recorded call says so while connected (recording or paused), not in after-contact work', () => {
    const recorded = (state: Assignment['state'], phase: ContactRuntime['phase'], recording?: 'recording' | 'paused') =>
      buildContact(
        ctx,
        assignment(state),
        { ...view(phase, connected), voice: { call: connected, ...(recording ? { recording } : {}) } },
        iso,
      );
    expect(recorded('connected', 'connected', 'recording').recording).toBe('recording');
    expect(recorded('connected', 'connected', 'paused').recording).toBe('paused');
    expect(recorded('connected', 'connected')).not.toHaveProperty('recording');
    expect(recorded('ended', 'ended', 'recording')).not.toHaveProperty('recording');
  });
});
