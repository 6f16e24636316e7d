import { describe, expect, it } from 'vitest';
import { type SdkView, sdkPortReply } from './sdk-port.js';

const view: SdkView = {
  connectionId: 'conn-1',
  origin: 'https://sb.example.com',
  region: 'eu-west-1',
  now: 1_000,
  healthChecks: 1,
};

describe('the SDK MessagePort (getMediaController without a 30 s stall)', () => {
  it('acknowledges the site with health checks off', () => {
    expect(sdkPortReply({ type: 'cross-domain-site-ready', providerId: 'p' }, view)).toEqual({
      type: 'acknowledge',
      connectionId: 'conn-1',
      status: { initialized: true, startTime: new Date(1_000) },
      healthCheckInterval: 0,
    });
  });

  it('contact/getInstanceDetails → {origin, region}', () => {
    const req = {
      type: 'request',
      namespace: 'aws.connect.contact',
      command: 'contact/getInstanceDetails',
      requestId: 'q1',
      data: { contactId: 'c1' },
    };
    expect(sdkPortReply(req, view)).toEqual({
      type: 'response',
      namespace: 'aws.connect.contact',
      requestId: 'q1',
      isError: false,
      data: { origin: 'https://sb.example.com', region: 'eu-west-1' },
    });
    expect(sdkPortReply(req, { ...view, region: undefined })).toMatchObject({ isError: true, errorKey: 'notSignedIn' });
  });

  it('any other request is an error naming the command; subscriptions, logs and metrics get no answer', () => {
    const req = { type: 'request', namespace: 'aws.connect.agent', command: 'agent/getARN', requestId: 'q2', data: {} };
    expect(sdkPortReply(req, view)).toEqual({
      type: 'response',
      namespace: 'aws.connect.agent',
      requestId: 'q2',
      isError: true,
      errorKey: 'unsupportedCommand',
      reason: 'agent/getARN is not offered by the Switchboard CCP',
      details: { command: 'agent/getARN', requestData: {} },
    });
    for (const type of ['subscribe', 'unsubscribe', 'log', 'metric'])
      expect(sdkPortReply({ type, topic: {} }, view)).toBeUndefined();
    expect(sdkPortReply('nonsense', view)).toBeUndefined();
  });

  it('answers health checks', () => {
    expect(sdkPortReply({ type: 'healthCheck' }, { ...view, healthChecks: 3 })).toEqual({
      type: 'healthCheckResponse',
      time: 1_000,
      counter: 3,
    });
  });
});
