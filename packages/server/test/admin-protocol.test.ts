/**
 * The protocol contract every admin operation shares, seen through the unmodified
 * @aws-sdk/client-connect where it can be, and raw HTTP where the SDK cannot go.
 */
import { ConnectClient, DescribeInstanceCommand, ListInstancesCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { OTHER_KEY, startTestServer, TEST_KEY, type TestServer } from './harness.js';
import { signedFetch } from './sign.js';

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata: { httpStatusCode?: number; requestId?: string }; $fault: string };
  }
  throw new Error('expected the call to fail');
};

describe.each(backends)('admin API protocol on $name', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
  });
  afterAll(async () => ts?.close());

  it('DescribeInstance and ListInstances parse in the SDK, scoped to the caller', async () => {
    const { Instance } = await ts.client.send(new DescribeInstanceCommand({ InstanceId: ts.instance.id }));
    expect(Instance?.Id).toBe(ts.instance.id);
    expect(Instance?.Arn).toBe(`arn:aws:connect:us-east-1:123456789012:instance/${ts.instance.id}`);
    expect(Instance?.InstanceAlias).toBe('test');
    expect(Instance?.CreatedTime).toBeInstanceOf(Date);
    expect(Math.abs((Instance?.CreatedTime?.getTime() ?? 0) - ts.instance.createdTime)).toBeLessThan(1000);
    const list = await ts.client.send(new ListInstancesCommand({}));
    expect(list.InstanceSummaryList?.map((i) => i.Id)).toEqual([ts.instance.id]);
    const other = await ts.clientWith(OTHER_KEY).send(new ListInstancesCommand({}));
    expect(other.InstanceSummaryList?.map((i) => i.Id)).toEqual([ts.otherInstance.id]);
  });

  it('an instance named by its ARN works like its id', async () => {
    const arn = `arn:aws:connect:us-east-1:123456789012:instance/${ts.instance.id}`;
    const { Instance } = await ts.client.send(new DescribeInstanceCommand({ InstanceId: arn }));
    expect(Instance?.Id).toBe(ts.instance.id);
  });

  it("another key's instance is AccessDenied, an unknown one ResourceNotFound", async () => {
    const denied = await errorOf(ts.client.send(new DescribeInstanceCommand({ InstanceId: ts.otherInstance.id })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    const missing = await errorOf(
      ts.client.send(new DescribeInstanceCommand({ InstanceId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException', async () => {
    const bad = new ConnectClient({
      region: 'us-east-1',
      endpoint: ts.url,
      credentials: { accessKeyId: TEST_KEY.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    const e1 = await errorOf(bad.send(new ListInstancesCommand({})));
    expect(e1.name).toBe('InvalidSignatureException');
    expect(e1.$metadata.httpStatusCode).toBe(403);
    expect(e1.message).toMatch(/signature/i);
    const unknown = new ConnectClient({
      region: 'us-east-1',
      endpoint: ts.url,
      credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const e2 = await errorOf(unknown.send(new ListInstancesCommand({})));
    expect(e2.name).toBe('UnrecognizedClientException');
    expect(e2.$metadata.httpStatusCode).toBe(403);
    bad.destroy();
    unknown.destroy();
  });

  it('an unsigned request is refused with MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${ts.url}/instance`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('an unknown route answers UnknownOperationException as JSON, not an HTML 404', async () => {
    const res = await fetch(`${ts.url}/no/such/operation`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await res.json()) as { message: string }).message).toMatch(/No operation matches POST \/no\/such\/operation/);
  });

  it('malformed JSON is a SerializationException; a non-object body too', async () => {
    for (const body of ['{"Name":', '[1,2]', '"text"']) {
      const res = await signedFetch(ts.url, { method: 'PUT', path: `/queues/${ts.instance.id}`, body }, TEST_KEY);
      expect(res.status, body).toBe(400);
      expect(res.headers.get('x-amzn-errortype'), body).toBe('SerializationException');
    }
  });

  it('an oversized body is refused with 413 and an AWS error type', async () => {
    const body = JSON.stringify({ Name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await fetch(`${ts.url}/queues/${ts.instance.id}`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException');
  });

  it('a non-integer maxResults is an InvalidParameterException', async () => {
    const res = await signedFetch(ts.url, { method: 'GET', path: '/instance', query: { maxResults: 'ten' } }, TEST_KEY);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidParameterException');
  });

  it('every answer carries x-amzn-requestid, and the SDK reads it', async () => {
    const out = await ts.client.send(new ListInstancesCommand({}));
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const res = await fetch(`${ts.url}/nope`);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('CORS: an approved origin gets a preflight answer exposing the AWS headers; others do not', async () => {
    const ok = await fetch(`${ts.url}/instance`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,x-amz-date,x-amz-content-sha256',
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const bad = await fetch(`${ts.url}/instance`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${ts.url}/healthz`, { headers: { origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-expose-headers')).toMatch(/x-amzn-requestid/);
  });

  it('/healthz is 200 and /metrics is Prometheus text counting requests', async () => {
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
    const res = await fetch(`${ts.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^# HELP switchboard_http_requests_total/m);
    expect(text).toMatch(/switchboard_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/switchboard_process_cpu_seconds_total/);

    // Three more answers for /healthz: the counter and the duration histogram each count them.
    const count = (t: string, re: RegExp) => Number(re.exec(t)?.[1]);
    const requests = /^switchboard_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)$/m;
    const durations = /^switchboard_http_request_duration_seconds_count\{method="GET",route="\/healthz"\} (\d+)$/m;
    for (let i = 0; i < 3; i++) await fetch(`${ts.url}/healthz`);
    const after = await (await fetch(`${ts.url}/metrics`)).text();
    expect(count(after, requests)).toBe(count(text, requests) + 3);
    expect(count(after, durations)).toBe(count(text, durations) + 3);
  });
});
