/**
 * MonitorContact and barge (issue 23) on the real server, SQLite and Postgres, with the
 * real @aws-sdk/client-connect: the refusals in Connect's words, the supervisor's
 * monitoring contact as Streams reads it (a `monitoring` connection in `silent_monitor` or
 * `barge`, `monitorStatus`, `monitorCapabilities`, `monitoringInfo`, the voice token that
 * opens their leg on the same media call), barge and back through the agent API
 * (`updateMonitorParticipantState`), the forced mute of the agent, the supervisor hanging
 * up (their monitoring only ends) and the call ending (their monitoring ends with it).
 * Who hears whom is core's (voice/call.test.ts) and is heard for real in
 * voice-monitor-browser.test.ts.
 */
import {
  DescribeContactCommand,
  ListUsersCommand,
  MonitorContactCommand,
  StartWebRTCContactCommand,
  StopContactCommand,
} from '@aws-sdk/client-connect';
import type { ContactData } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { chatWorld } from './chat-support.js';
import { expectStreamsShape } from './streams-shape.js';
import { acceptCall, contactIn, openLeg as openPeerLeg, startWebCall, untilContact, voiceTestScope } from './voice-peer.js';

const conn = (c: ContactData<string>, type: 'agent' | 'inbound' | 'outbound' | 'monitoring') =>
  c.connections.find((x) => x.type === type);

describe.each(backends)('MonitorContact and barge on $name', (backend) => {
  const { worlds, peers } = voiceTestScope();

  const until = untilContact;

  /** A call from Jane that alice has accepted. */
  async function connectedCall() {
    const w = await chatWorld(backend);
    worlds.push(w);
    const alice = await w.agent('alice');
    const InstanceId = w.server.instance.id;
    const { contactId, customer, signalling } = await startWebCall(w);
    const a = await acceptCall(alice, contactId);
    const users = (await w.connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList ?? [];
    const userId = (name: string) => users.find((u) => u.Username === name)?.Id as string;
    const monitor = (input: { UserId: string; ContactId?: string; caps?: ('SILENT_MONITOR' | 'BARGE')[]; token?: string }) =>
      w.connect.send(
        new MonitorContactCommand({
          InstanceId,
          ContactId: input.ContactId ?? contactId,
          UserId: input.UserId,
          ...(input.caps ? { AllowedMonitorCapabilities: input.caps } : {}),
          ...(input.token ? { ClientToken: input.token } : {}),
        }),
      );
    const aliceConnection = conn(contactIn(a.data, contactId)!, 'agent')!.connectionId;
    return {
      w,
      alice,
      contactId,
      customer,
      aliceConnection,
      userId,
      monitor,
      signalling,
      InstanceId,
    };
  }

  const openLeg = (signalling: string, token: string) => openPeerLeg(signalling, token, peers);

  it('refuses in words: no permission, unknown user or contact, not a connected call, not signed in', async () => {
    const { w, userId, monitor, InstanceId } = await connectedCall();
    const carol = userId('carol');
    await expect(monitor({ UserId: userId('alice') })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/alice may not monitor contacts: their security profiles lack ListenIn/),
    });
    await expect(monitor({ UserId: userId('bob'), caps: ['SILENT_MONITOR', 'BARGE'] })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(monitor({ UserId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringMatching(/^User not found/),
    });
    await expect(monitor({ UserId: carol, ContactId: 'no-such-contact' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Contact not found: no-such-contact',
    });
    // Carol is not signed in yet.
    await expect(monitor({ UserId: carol })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/carol is not signed in to their CCP/),
    });
    await w.agent('carol');
    // A chat is not a call; a call nobody took yet is not connected.
    const chat = await w.startChat();
    await expect(monitor({ UserId: carol, ContactId: chat.ContactId })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/is a CHAT contact: only voice calls are monitored/),
    });
    const queued = await w.connect.send(
      new StartWebRTCContactCommand({
        InstanceId,
        ContactFlowId: w.flows['Support inbound'],
        ParticipantDetails: { DisplayName: 'Nobody Yet' },
      }),
    );
    await expect(monitor({ UserId: carol, ContactId: queued.ContactId! })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/is not a call connected to an agent/),
    });
    await expect(
      w.connect.send(
        new MonitorContactCommand({
          InstanceId,
          ContactId: queued.ContactId!,
          UserId: carol,
          AllowedMonitorCapabilities: ['WHISPER' as 'BARGE'],
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('silent monitor, barge with a forced mute of the agent, back to silent; the supervisor leaves, then the call ends', async () => {
    const { w, alice, contactId, customer, aliceConnection, userId, monitor, signalling } = await connectedCall();
    const carol = await w.agent('carol');
    const out = await monitor({ UserId: userId('carol'), caps: ['SILENT_MONITOR', 'BARGE'], token: 'monitor-1' });
    const monitorId = out.ContactId as string;
    expect(out.ContactArn).toMatch(new RegExp(`/contact/${monitorId}$`));
    // A retry with the same ClientToken answers the same contact.
    expect((await monitor({ UserId: userId('carol'), token: 'monitor-1' })).ContactId).toBe(monitorId);

    // Carol's CCP: a monitoring contact, connected at once, silent.
    let c = await until(carol, monitorId, (x) => x.state.type === 'connected', 'carol monitoring');
    expectStreamsShape(c.data);
    const mine = contactIn(c.data, monitorId)!;
    expect(mine).toMatchObject({ type: 'voice', initiationMethod: 'MONITOR', relatedContactId: contactId });
    const own = mine.connections[0]!;
    expect(own).toMatchObject({
      type: 'monitoring',
      state: { type: 'silent_monitor' },
      monitorStatus: 'SILENT_MONITOR',
      monitorCapabilities: ['SILENT_MONITOR', 'BARGE'],
      monitoringInfo: { agentName: expect.stringMatching(/Alice/), customerName: 'Jane Caller', joinTime: expect.any(String) },
      endpoint: { type: 'agent', name: 'carol' },
      mute: false,
      forcedMute: false,
    });
    expect(own.softphoneMediaInfo?.callContextToken).toEqual(expect.any(String));
    expect(conn(mine, 'inbound')).toMatchObject({ connectionId: customer, initial: true, state: { type: 'connected' } });
    expect(conn(mine, 'outbound')).toMatchObject({
      connectionId: aliceConnection,
      endpoint: { type: 'agent', name: expect.stringMatching(/Alice/) },
      state: { type: 'connected' },
      forcedMute: false,
    });
    expect(c.data.snapshot.state.name).toBe('Busy');
    // The agent and the customer are not told of a silent monitor.
    let a = await until(alice, contactId, () => true, 'alice');
    expect(conn(contactIn(a.data, contactId)!, 'monitoring')).toBeUndefined();
    // Her token opens her leg on the same media call.
    await openLeg(signalling, own.softphoneMediaInfo!.callContextToken!);
    // Monitoring one call at a time; and not the monitoring contact itself.
    await expect(monitor({ UserId: userId('carol') })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/carol is on another call/),
    });
    await expect(monitor({ UserId: userId('carol'), ContactId: monitorId })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/is a monitoring contact/),
    });

    // Only mute and barge are hers: the call is alice's.
    await expect(carol.command('holdConnection', { contactId: monitorId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/You are monitoring this call/),
    });
    await expect(carol.command('muteParticipant', { contactId: monitorId, connectionId: aliceConnection })).rejects.toMatchObject(
      { type: 'InvalidStateException', message: expect.stringMatching(/Barge in first/) },
    );
    await expect(
      carol.command('updateMonitorParticipantState', { contactId: monitorId, targetMonitorMode: 'WHISPER' }),
    ).rejects.toMatchObject({ type: 'InvalidParameterException' });
    await expect(alice.command('updateMonitorParticipantState', { contactId, targetMonitorMode: 'BARGE' })).rejects.toMatchObject(
      { type: 'InvalidStateException', message: expect.stringMatching(/not a monitoring contact/) },
    );

    // Barge: the agent's contact shows her (Streams' isUnderSupervision()).
    await carol.command('updateMonitorParticipantState', { contactId: monitorId, targetMonitorMode: 'BARGE' });
    c = await until(carol, monitorId, (x) => x.connections[0]?.state.type === 'barge', 'carol barging');
    expect(c.data.snapshot.contacts[0]?.connections[0]).toMatchObject({ monitorStatus: 'BARGE' });
    a = await until(alice, contactId, (x) => conn(x, 'monitoring') !== undefined, 'alice sees carol');
    expectStreamsShape(a.data);
    expect(conn(contactIn(a.data, contactId)!, 'monitoring')).toMatchObject({
      state: { type: 'barge' },
      monitorStatus: 'BARGE',
      endpoint: { type: 'agent', name: expect.stringMatching(/Carol/) },
    });
    // She mutes alice: a forced mute alice cannot undo.
    await carol.command('muteParticipant', { contactId: monitorId, connectionId: aliceConnection });
    a = await until(alice, contactId, (x) => conn(x, 'agent')?.forcedMute === true, 'alice force-muted');
    await until(carol, monitorId, (x) => conn(x, 'outbound')?.forcedMute === true, 'carol sees it');
    await expect(alice.command('unmuteParticipant', { contactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/A supervisor muted you: only they can unmute you$/),
    });
    // Back to silent monitoring: the forced mute is lifted, alice sees nobody.
    await carol.command('updateMonitorParticipantState', { contactId: monitorId, targetMonitorMode: 'SILENT_MONITOR' });
    a = await until(
      alice,
      contactId,
      (x) => conn(x, 'monitoring') === undefined && conn(x, 'agent')?.forcedMute === false,
      'alice free again',
    );
    await until(carol, monitorId, (x) => x.connections[0]?.state.type === 'silent_monitor', 'carol silent');
    await alice.command('muteParticipant', { contactId });
    await alice.command('unmuteParticipant', { contactId });
    const { endpoints } = await carol.command<{ endpoints: { name: string }[] }>('getEndpoints', {});
    const salesQueue = endpoints.find((e) => e.name === 'Sales queue');
    await expect(carol.command('transferContact', { contactId: monitorId, endpoint: salesQueue })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/You are monitoring this call: it is not yours to transfer$/),
    });
    await expect(
      carol.command('createAdditionalConnection', { contactId: monitorId, endpoint: salesQueue }),
    ).rejects.toMatchObject({ type: 'InvalidStateException', message: expect.stringMatching(/only its agent consults$/) });

    // Carol hangs up: her monitoring ends (no after-contact work), alice's call goes on.
    await carol.command('destroyConnection', { contactId: monitorId });
    c = await carol.waitFor((d) => contactIn(d, monitorId) === undefined, 'carol done');
    expect(c.data.snapshot.state.name).toBe('Available');
    const described = (
      await w.connect.send(new DescribeContactCommand({ InstanceId: w.server.instance.id, ContactId: monitorId }))
    ).Contact!;
    expect(described).toMatchObject({ InitiationMethod: 'MONITOR', Channel: 'VOICE', DisconnectReason: 'AGENT_DISCONNECT' });
    await until(alice, contactId, (x) => x.state.type === 'connected', 'alice still on the call');
    const stored = JSON.parse((await w.server.store.contacts.get(w.server.instance.id, contactId))!.body);
    expect(stored.voice.monitors).toBeUndefined();

    // Again, and the call ends: the monitoring contact ends with it.
    const again = (await monitor({ UserId: userId('carol') })).ContactId as string;
    c = await until(carol, again, (x) => x.state.type === 'connected', 'carol monitoring again');
    // Only silent monitoring was allowed this time.
    expect(contactIn(c.data, again)?.connections[0]?.monitorCapabilities).toEqual(['SILENT_MONITOR']);
    await expect(
      carol.command('updateMonitorParticipantState', { contactId: again, targetMonitorMode: 'BARGE' }),
    ).rejects.toMatchObject({ type: 'AccessDeniedException', message: expect.stringMatching(/Barge is not allowed/) });
    await w.connect.send(new StopContactCommand({ InstanceId: w.server.instance.id, ContactId: contactId }));
    await carol.waitFor((d) => contactIn(d, again) === undefined, 'carol monitoring ended');
    await until(alice, contactId, (x) => x.state.type === 'ended', 'alice in ACW');
  });
});
