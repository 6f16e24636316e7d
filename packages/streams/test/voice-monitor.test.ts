/**
 * The supervisor's and the agent's voice members of `@switchboard/streams`, headless in Node
 * over the direct transport (issue 24), on the real server with SQLite: a customer's web call
 * (StartWebRTCContact) accepted by alice through `connect.contact` / `contact.accept()`; her
 * leg and the supervisor's opened by werift peers with the `callContextToken` Streams'
 * getters read. Carol (a supervisor in the demo) monitors it with MonitorContact
 * (@aws-sdk/client-connect): her monitoring contact reaches her `connect.contact` callback,
 * `contact.bargeIn()` / `silentMonitor()` change `getAgentConnection().getMonitorStatus()`,
 * `isBarge()`, `isSilentMonitor()`; alice's contact `isUnderSupervision()` while carol barges;
 * carol's `muteParticipant()` on alice's connection shows in alice's `isForcedMute()` (and
 * alice's own `agent.unmute()` is refused in words, through `onSoftphoneError`);
 * `updateMonitorParticipantState('nonsense')` fails with `invalid_target_state`.
 * Phone-number endpoints (`addConnection`, `addParticipant`, `transfer`) fail with a
 * `NotSupported` error and change nothing: Switchboard has no PSTN yet.
 * Who hears whom while monitored is heard for real in server/test/voice-monitor-browser.test.ts.
 */
import { ListUsersCommand, MonitorContactCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { openLeg, startWebCall } from '../../server/test/voice-peer.js';
import { type Connect, createConnect } from '../src/index.js';

type Contact = InstanceType<Connect['Contact']>;
type VoiceConnection = InstanceType<Connect['VoiceConnection']>;

/** Streams' `{success, failure}` as a promise: resolves with the data, rejects with the `err` string. */
const settle = <T = unknown>(f: (cbs: { success: (d: T) => void; failure: (err: string) => void }) => void) =>
  new Promise<T>((resolve, reject) => f({ success: resolve, failure: (err) => reject(new Error(err)) }));

/** The `err` string a Streams failure callback got. */
const failureOf = (f: (cbs: { success: () => void; failure: (err: string) => void }) => void) =>
  new Promise<string>((resolve, reject) =>
    f({ success: () => reject(new Error('expected a failure, got success')), failure: (err) => resolve(err) }),
  );

/** Polls `f` until it answers true (what it waits for in words on timeout). */
async function until(f: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = f();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One agent's `connect`, signed in directly, with the contacts `connect.contact` handed over. */
async function signIn(world: ChatWorld, username: string, connects: Connect[]) {
  const connect = createConnect();
  connects.push(connect);
  const contacts = new Map<string, Contact>();
  connect.contact((c) => contacts.set(c.getContactId(), c));
  const errors: { errorType: string; errorMessage: string }[] = [];
  const toggles: boolean[] = [];
  const agent = await new Promise<InstanceType<Connect['Agent']>>((resolve) => {
    connect.agent((a) => {
      a.onSoftphoneError((e) => errors.push(e as { errorType: string; errorMessage: string }));
      a.onMuteToggle((e) => toggles.push(e.muted));
      resolve(a);
    });
    connect.core.initAgent({ url: world.server.url, username, password: DEMO_PASSWORD });
  });
  const available = agent.getAgentStates().find((s) => s.name === 'Available');
  await settle((cbs) => agent.setState(available!, cbs));
  return { connect, agent, contacts, errors, toggles };
}

describe('voice members over the direct transport in Node: a supervisor monitors and barges', () => {
  let world: ChatWorld;
  const connects: Connect[] = [];
  const peers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
    world = await chatWorld(sqlite);
  });

  afterAll(async () => {
    for (const c of connects) c.core.terminate();
    for (const p of peers) await p.close();
    await world?.close();
  });

  it('MonitorContact reaches carol’s connect.contact; bargeIn, forced mute, silentMonitor; phone numbers refused', async () => {
    const InstanceId = world.server.instance.id;
    const alice = await signIn(world, 'alice', connects);

    // A customer calls; alice accepts through Streams.
    const { contactId, signalling } = await startWebCall(world);
    await until(() => alice.contacts.has(contactId), 'the call offered to alice');
    const call = alice.contacts.get(contactId)!;
    expect(call.getType()).toBe('voice');
    await settle((cbs) => call.accept(cbs));
    await until(() => call.getState().type === 'connected', 'alice on the call');
    const aliceConn = call.getAgentConnection() as VoiceConnection;
    expect(aliceConn.getType()).toBe('agent');
    await openLeg(signalling, aliceConn.getSoftphoneMediaInfo()?.callContextToken as string, peers);
    expect(call.isUnderSupervision()).toBe(false);
    expect(aliceConn.isForcedMute()).toBe(false);

    // Phone numbers: refused with NotSupported, in words, and nothing is sent.
    const notSupported = {
      type: 'NotSupported',
      message: expect.stringContaining('no telephone network (PSTN)'),
      statusCode: 400,
    };
    const phone = alice.connect.Endpoint.byPhoneNumber('+15555550100');
    expect(JSON.parse(await failureOf((cbs) => call.addConnection(phone, cbs)))).toEqual(notSupported);
    expect(JSON.parse(await failureOf((cbs) => call.transfer(phone, cbs)))).toEqual(notSupported);
    expect(
      JSON.parse(await failureOf((cbs) => call.addParticipant({ type: 'phone_number', phoneNumber: '+15555550100' }, cbs))),
    ).toEqual(notSupported);
    // Without callbacks it does not throw either.
    call.addConnection(phone);
    expect(call.getConnections().map((c) => [c.getType(), c.getState().type])).toEqual([
      ['agent', 'connected'],
      ['inbound', 'connected'],
    ]);

    // Carol signs in; MonitorContact: her monitoring contact reaches connect.contact, silent.
    const carol = await signIn(world, 'carol', connects);
    const users = (await world.connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList ?? [];
    const out = await world.connect.send(
      new MonitorContactCommand({
        InstanceId,
        ContactId: contactId,
        UserId: users.find((u) => u.Username === 'carol')?.Id as string,
        AllowedMonitorCapabilities: ['SILENT_MONITOR', 'BARGE'],
      }),
    );
    const monitorId = out.ContactId as string;
    await until(() => carol.contacts.has(monitorId), 'carol’s monitoring contact in connect.contact');
    const watch = carol.contacts.get(monitorId)!;
    expect(watch.getType()).toBe('voice');
    expect(watch.getRelatedContactId()).toBe(contactId);
    expect(watch.getInitiationMethod()).toBe('MONITOR');
    const mine = () => watch.getAgentConnection() as VoiceConnection;
    expect(mine().getType()).toBe('monitoring');
    expect(mine().getMonitorStatus()).toBe('SILENT_MONITOR');
    expect([mine().isSilentMonitor(), mine().isBarge()]).toEqual([true, false]);
    expect([mine().isSilentMonitorEnabled(), mine().isBargeEnabled()]).toEqual([true, true]);
    expect(mine().getMonitorInfo()).toMatchObject({ agentName: expect.stringMatching(/Alice/), customerName: 'Jane Caller' });
    expect(mine().isConnected()).toBe(true);
    // Her own leg on the same media call, with the token Streams reads.
    await openLeg(signalling, mine().getSoftphoneMediaInfo()?.callContextToken as string, peers);
    // Alice and the customer are not told of a silent monitor.
    expect(call.isUnderSupervision()).toBe(false);
    expect(call.getConnections().some((c) => c.getType() === 'monitoring')).toBe(false);

    // Refusals: a state that is not a monitor mode, without a request; alice's own call is no monitoring contact.
    expect(await failureOf((cbs) => watch.updateMonitorParticipantState('nonsense', cbs))).toBe('invalid_target_state');
    watch.updateMonitorParticipantState('nonsense');
    expect(JSON.parse(await failureOf((cbs) => call.bargeIn(cbs)))).toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/not a monitoring contact/),
    });
    expect(mine().getMonitorStatus()).toBe('SILENT_MONITOR');

    // bargeIn(): carol's connection barges; alice's contact is under supervision.
    await settle((cbs) => watch.bargeIn(cbs));
    await until(() => mine().getMonitorStatus() === 'BARGE', 'carol barging');
    expect([mine().isSilentMonitor(), mine().isBarge()]).toEqual([false, true]);
    expect(mine().getState().type).toBe('barge');
    await until(() => call.isUnderSupervision(), 'alice under supervision');
    // Alice's own connection is still hers (carol's shows as a monitoring one).
    expect(call.getAgentConnection().getType()).toBe('agent');
    const carolOnAlice = call.getConnections().find((c) => c.getType() === 'monitoring') as VoiceConnection;
    expect(carolOnAlice.getMonitorStatus()).toBe('BARGE');

    // agent.mute() / unmute() of a barging supervisor: her own monitoring connection, onMuteToggle.
    carol.agent.mute();
    await until(() => mine().isMute(), 'carol muted');
    carol.agent.unmute();
    await until(() => !mine().isMute(), 'carol unmuted');
    expect(carol.toggles).toEqual([true, false]);
    // Alice's agent.mute() mutes her own connection, not carol's barging one on her contact.
    alice.agent.mute();
    await until(() => (call.getAgentConnection() as VoiceConnection).isMute(), 'alice muted');
    expect(carolOnAlice.isMute()).toBe(false);
    alice.agent.unmute();
    await until(() => !(call.getAgentConnection() as VoiceConnection).isMute(), 'alice unmuted');
    expect(alice.toggles).toEqual([true, false]);

    // Carol mutes alice (muteParticipant on alice's connection): a forced mute.
    const aliceSeenByCarol = watch.getConnections().find((c) => c.getConnectionId() === aliceConn.getConnectionId()) as
      | VoiceConnection
      | undefined;
    expect(aliceSeenByCarol?.getType()).toBe('outbound');
    await settle((cbs) => aliceSeenByCarol!.muteParticipant(cbs));
    await until(() => (call.getAgentConnection() as VoiceConnection).isForcedMute(), 'alice force-muted');
    await until(() => aliceSeenByCarol!.isForcedMute(), 'carol sees the forced mute');
    // Alice cannot undo it herself: agent.unmute() is refused, through onSoftphoneError.
    alice.agent.unmute();
    await until(() => alice.errors.length > 0, 'alice told why she cannot unmute');
    expect(alice.errors[0]).toMatchObject({
      errorType: 'mute_failed',
      errorMessage: expect.stringMatching(/A supervisor muted you: only they can unmute you/),
    });
    expect((call.getAgentConnection() as VoiceConnection).isForcedMute()).toBe(true);
    // A forced mute is not her own mute: no onMuteToggle of hers.
    expect(alice.toggles).toEqual([true, false]);

    // silentMonitor(): back to silent; the forced mute is lifted, alice no longer supervised.
    await settle((cbs) => watch.silentMonitor(cbs));
    await until(() => mine().isSilentMonitor(), 'carol silent again');
    expect(mine().isBarge()).toBe(false);
    await until(
      () => !call.isUnderSupervision() && !(call.getAgentConnection() as VoiceConnection).isForcedMute(),
      'alice free again',
    );

    // Carol leaves: her monitoring ends, alice's call goes on.
    await settle((cbs) => mine().destroy(cbs));
    await until(() => carol.agent.getContacts().length === 0, 'carol’s monitoring ended');
    expect(call.getState().type).toBe('connected');
    await settle((cbs) => call.getAgentConnection().destroy(cbs));
    await until(() => call.getState().type === 'ended', 'alice in after-contact work');
  });
});
