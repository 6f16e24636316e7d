/**
 * StartWebRTCContact through the unmodified @aws-sdk/client-connect (issue 23): a VOICE
 * contact routed by its flow to an agent with voice in their profile; the answer's
 * ConnectionData carries Switchboard's signalling URL and a join token that opens the
 * customer's leg on /voice/v1/ws while the call lasts, and nothing else does; ClientToken
 * retries; the errors the SDK models.
 */
import {
  DescribeContactCommand,
  StartWebRTCContactCommand,
  type StartWebRTCContactCommandInput,
  StopContactCommand,
} from '@aws-sdk/client-connect';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { expectError } from './sdk-errors.js';

/** The first frame the voice socket sends for `token` after a malformed offer, and how it closed if it did. */
function probe(url: string, token: string): Promise<{ frame: { type: string; error?: { type: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'offer', sdp: 'not an SDP' })));
    ws.once('message', (raw) => {
      resolve({ frame: JSON.parse(raw.toString()) });
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe.each(backends)('StartWebRTCContact on $name', (backend) => {
  const worlds: ChatWorld[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });

  async function world() {
    const w = await chatWorld(backend);
    worlds.push(w);
    const InstanceId = w.server.instance.id;
    const start = (input: Partial<StartWebRTCContactCommandInput> = {}) =>
      w.connect.send(
        new StartWebRTCContactCommand({
          InstanceId,
          ContactFlowId: w.flows['Sales inbound'],
          ParticipantDetails: { DisplayName: 'Jane Caller' },
          ...input,
        }),
      );
    return { w, InstanceId, start };
  }

  it('creates a VOICE contact routed to an agent; the join token opens the leg until the call ends', async () => {
    const { w, InstanceId, start } = await world();
    const alice = await w.agent('alice');
    const out = await start({ Attributes: { order: '1042' }, Description: 'Calls about a parcel' });
    const { ContactId, ParticipantId, ParticipantToken, ConnectionData } = out;
    expect(ContactId).toBeTruthy();
    expect(ParticipantToken).toBeTruthy();
    expect(ConnectionData?.Attendee).toEqual({ AttendeeId: ParticipantId, JoinToken: expect.any(String) });
    const signalling = `${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
    expect(ConnectionData?.Meeting).toMatchObject({
      MeetingId: ContactId,
      MediaRegion: 'us-east-1',
      MediaPlacement: { SignalingUrl: signalling, AudioHostUrl: signalling },
    });

    const offer = await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === ContactId), 'the call offered');
    const contact = offer.data.snapshot.contacts.find((c) => c.contactId === ContactId)!;
    expect(contact).toMatchObject({ type: 'voice', state: { type: 'connecting' }, initiationMethod: 'WEBRTC_API' });
    const described = (await w.connect.send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!;
    expect(described).toMatchObject({ Channel: 'VOICE', InitiationMethod: 'WEBRTC_API', Description: 'Calls about a parcel' });

    // The join token reaches the signalling (a malformed offer is answered as such), a chat-style token does not.
    const joinToken = ConnectionData!.Attendee!.JoinToken!;
    expect((await probe(signalling, joinToken)).frame.error?.type).toBe('InvalidRequestException');
    const other = await probe(signalling, ParticipantToken!);
    expect(other.frame.error).toMatchObject({ type: 'AccessDeniedException', message: 'The voice token is not valid' });

    await w.connect.send(new StopContactCommand({ InstanceId, ContactId }));
    const ended = await probe(signalling, joinToken);
    expect(ended.frame.error).toMatchObject({ type: 'AccessDeniedException', message: `The call ${ContactId} has ended` });
  });

  it('a retry with the same ClientToken answers the same call; refuses what it cannot do', async () => {
    const { start } = await world();
    const first = await start({ ClientToken: 'call-1' });
    const again = await start({ ClientToken: 'call-1' });
    expect(again.ContactId).toBe(first.ContactId);
    expect(again.ConnectionData?.Attendee?.JoinToken).toBe(first.ConnectionData?.Attendee?.JoinToken);

    const video = await expectError(
      start({ AllowedCapabilities: { Customer: { Video: 'SEND' } } }),
      'InvalidParameterException',
      400,
    );
    expect(video.message).toMatch(/AllowedCapabilities\.Customer: video and screen sharing are not supported/);
    await expectError(start({ ContactFlowId: '00000000-0000-0000-0000-000000000000' }), 'ResourceNotFoundException', 404);
    await expectError(start({ RelatedContactId: 'nope' }), 'ResourceNotFoundException', 404);
    const ref = await expectError(
      start({ References: { site: { Type: 'URL', Value: 'javascript:alert(1)' } } }),
      'InvalidParameterException',
      400,
    );
    expect(ref.message).toMatch(/References\.site/);
  });
});
