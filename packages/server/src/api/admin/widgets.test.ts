/**
 * Widget configurations through the admin API (SigV4, restJson1; Switchboard's own
 * operations, so raw signed requests), on every storage backend; and the instance file's
 * widgets across restarts: file changes win at start, API changes persist.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateContactFlowCommand, ListTagsForResourceCommand, TagResourceCommand } from '@aws-sdk/client-connect';
import { buildSimpleFlow, demoConfig, DEMO_WIDGET_ID, type InstanceConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { fakeHash, fakeVerify, OTHER_KEY, startTestServer, TEST_KEY, type TestServer } from '../../../test/harness.js';
import { MISSING } from '../../../test/sdk-errors.js';
import { signedFetch } from '../../../test/sign.js';
import { startServer } from '../../server.js';
import { switchboardAdminOperations } from './index.js';

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: Record<string, unknown>;
}

const call = async (
  url: string,
  method: string,
  p: string,
  body?: unknown,
  key: { accessKeyId: string; secretAccessKey: string } = TEST_KEY,
  query?: Record<string, string>,
): Promise<Answer> => {
  const res = await signedFetch(
    url,
    { method, path: p, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(query ? { query } : {}) },
    key,
  );
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('x-amzn-errortype'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

describe('the widget admin operations', () => {
  it('are Connect-like and do not collide with any Connect route', async () => {
    expect(switchboardAdminOperations.map((o) => `${o.name} ${o.method} ${o.path}`)).toStrictEqual([
      'CreateWidgetConfiguration PUT /widgets/{InstanceId}',
      'DescribeWidgetConfiguration GET /widgets/{InstanceId}/{WidgetId}',
      'UpdateWidgetConfiguration POST /widgets/{InstanceId}/{WidgetId}',
      'DeleteWidgetConfiguration DELETE /widgets/{InstanceId}/{WidgetId}',
      'ListWidgetConfigurations GET /widgets-summary/{InstanceId}',
    ]);
    const sdk = (await import('@aws-sdk/client-connect')) as Record<string, unknown>;
    const paths = Object.entries(sdk)
      .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && (v as unknown[])[3])
      .map(([, v]) => ((v as unknown[])[3] as { http?: [string, string] }).http?.[1] ?? '');
    expect(paths.filter((p) => p.startsWith('/')).length).toBeGreaterThan(100);
    expect(paths.some((p) => p.startsWith('/widgets'))).toBe(false);
  });
});

describe.each(backends)('widget configurations through the admin API on $name', (backend) => {
  let ts: TestServer;
  let InstanceId: string;
  let flowId: string;
  let transferFlowId: string;
  const base = () => ({ Name: 'Site chat', ContactFlowId: flowId, AllowedOrigins: ['https://www.example.com'] });

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    InstanceId = ts.instance.id;
    flowId = (
      await ts.client.send(
        new CreateContactFlowCommand({
          InstanceId,
          Name: 'Inbound',
          Type: 'CONTACT_FLOW',
          Content: buildSimpleFlow({ greeting: 'Hi' }),
        }),
      )
    ).ContactFlowId as string;
    transferFlowId = (
      await ts.client.send(
        new CreateContactFlowCommand({ InstanceId, Name: 'Transfer', Type: 'QUEUE_TRANSFER', Content: buildSimpleFlow({}) }),
      )
    ).ContactFlowId as string;
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('creates one with defaults, describes it with its ARN and embed snippet, lists it', async () => {
    const created = await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { ...base(), Tags: { team: 'web' } });
    expect(created.status).toBe(200);
    const id = created.body.WidgetId as string;
    const arn = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}/widget/${id}`;
    expect(created.body).toStrictEqual({ WidgetId: id, WidgetArn: arn });
    const described = await call(ts.url, 'GET', `/widgets/${InstanceId}/${id}`);
    expect(described.body.WidgetConfiguration).toStrictEqual({
      WidgetId: id,
      WidgetArn: arn,
      Name: 'Site chat',
      ContactFlowId: flowId,
      AllowedOrigins: ['https://www.example.com'],
      Attributes: [],
      PreChatForm: { Enabled: false, Fields: [] },
      Greeting: 'Hi! How can we help?',
      OfflineMessage: "We're away right now. Please try again later.",
      LeaveMessage: { Enabled: true },
      Voice: { Enabled: false },
      Theme: { PrimaryColor: '#0b63c9', Position: 'right' },
      Persistence: 'session',
      MaxOpenChatsPerVisitor: 1,
      RateLimit: { PerIpPerMinute: 10, PerConfigurationPerMinute: 300 },
      EmbedSnippet: `<script src="${ts.url}/widget.js" data-config="${id}" defer></script>`,
      Tags: { team: 'web' },
      LastModifiedTime: expect.any(Number),
      LastModifiedRegion: 'us-east-1',
    });
    const listed = await call(ts.url, 'GET', `/widgets-summary/${InstanceId}`, undefined, TEST_KEY, { maxResults: '10' });
    expect(listed.body.WidgetConfigurationSummaryList).toStrictEqual([
      { Id: id, Arn: arn, Name: 'Site chat', LastModifiedTime: expect.any(Number), LastModifiedRegion: 'us-east-1' },
    ]);
    // Tags by ARN, like every resource.
    await ts.client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'prod' } }));
    expect((await ts.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toStrictEqual({
      team: 'web',
      env: 'prod',
    });
    expect((await call(ts.url, 'DELETE', `/widgets/${InstanceId}/${id}`)).status).toBe(200);
  });

  it('updates only the members given, and checks the whole as the instance file does', async () => {
    const id = (
      await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { ...base(), Name: 'Updated', Theme: { PrimaryColor: '#111111' } })
    ).body.WidgetId as string;
    const update = (body: unknown) => call(ts.url, 'POST', `/widgets/${InstanceId}/${id}`, body);
    expect(
      (
        await update({
          Theme: { Position: 'left' },
          PreChatForm: {
            Enabled: true,
            Fields: [
              { Name: 'name', Label: 'Name', Type: 'name', Required: true },
              { Name: 'topic', Label: 'Topic' },
            ],
          },
          Attributes: [{ Name: 'page' }],
          RateLimit: { PerIpPerMinute: 50 },
          MaxOpenChatsPerVisitor: 3,
          Voice: { Enabled: true },
        })
      ).status,
    ).toBe(200);
    const w = (await call(ts.url, 'GET', `/widgets/${InstanceId}/${id}`)).body.WidgetConfiguration as Record<string, unknown>;
    expect(w).toMatchObject({
      Name: 'Updated',
      Theme: { PrimaryColor: '#111111', Position: 'left' },
      PreChatForm: {
        Enabled: true,
        Fields: [
          { Name: 'name', Label: 'Name', Type: 'name', Required: true, MaxLength: 256 },
          { Name: 'topic', Label: 'Topic', Type: 'text', Required: false, MaxLength: 256 },
        ],
      },
      Attributes: [{ Name: 'page', MaxLength: 256 }],
      RateLimit: { PerIpPerMinute: 50, PerConfigurationPerMinute: 300 },
      MaxOpenChatsPerVisitor: 3,
      Voice: { Enabled: true },
    });
    expect((await update({ PreChatForm: { Enabled: false } })).status).toBe(200);
    const after = (await call(ts.url, 'GET', `/widgets/${InstanceId}/${id}`)).body.WidgetConfiguration as {
      PreChatForm: unknown;
    };
    expect(after.PreChatForm).toMatchObject({ Enabled: false, Fields: [{ Name: 'name' }, { Name: 'topic' }] });

    const refused = async (body: unknown, type: string, message?: string) => {
      const a = await update(body);
      expect({ status: a.status, type: a.type }, JSON.stringify(a.body)).toStrictEqual({
        status: type === 'DuplicateResourceException' ? 409 : type === 'ResourceNotFoundException' ? 404 : 400,
        type,
      });
      if (message) expect(a.body.message).toBe(message);
    };
    await refused({ Attributes: [{ Name: 'customer_email' }] }, 'InvalidParameterException');
    await refused(
      { PreChatForm: { Fields: [{ Name: 'name', Label: 'Name', Type: 'text' }] } },
      'InvalidParameterException',
      'PreChatForm.Fields.0.Type: the field called "name" is the display name: its type must be name',
    );
    await refused(
      { PreChatForm: { Fields: [{ Name: 'email', Label: 'E', Type: 'email', MaxLength: 300 }] } },
      'InvalidParameterException',
    );
    await refused({ AllowedOrigins: ['*'] }, 'InvalidParameterException');
    await refused({ AllowedOrigins: ['https://www.example.com/shop'] }, 'InvalidParameterException');
    await refused({ AllowedOrigins: [] }, 'InvalidParameterException');
    await refused({ Theme: { PrimaryColor: 'red' } }, 'InvalidParameterException');
    await refused({ MaxOpenChatsPerVisitor: 0 }, 'InvalidParameterException');
    await refused(
      { ContactFlowId: MISSING },
      'InvalidParameterException',
      `ContactFlowId: contact flow ${MISSING} does not exist`,
    );
    await refused(
      { ContactFlowId: transferFlowId },
      'InvalidParameterException',
      'ContactFlowId: flow Transfer is a QUEUE_TRANSFER flow; widgets need a CONTACT_FLOW flow',
    );
    await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { ...base(), Name: 'Taken' });
    await refused({ Name: 'Taken' }, 'DuplicateResourceException');
  });

  it('refuses bad requests AWS-style: unknown ids, another instance, malformed bodies, a duplicate name', async () => {
    expect(await call(ts.url, 'GET', `/widgets/${InstanceId}/${MISSING}`)).toMatchObject({
      status: 404,
      type: 'ResourceNotFoundException',
    });
    expect(await call(ts.url, 'DELETE', `/widgets/${InstanceId}/${MISSING}`)).toMatchObject({
      status: 404,
      type: 'ResourceNotFoundException',
    });
    expect(await call(ts.url, 'GET', `/widgets-summary/${InstanceId}`, undefined, OTHER_KEY)).toMatchObject({
      status: 403,
      type: 'AccessDeniedException',
    });
    const raw = await signedFetch(ts.url, { method: 'PUT', path: `/widgets/${InstanceId}`, body: '{"Name":' }, TEST_KEY);
    expect([raw.status, raw.headers.get('x-amzn-errortype')]).toStrictEqual([400, 'SerializationException']);
    expect(
      await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { Name: 'No flow', AllowedOrigins: ['https://a.example'] }),
    ).toMatchObject({
      status: 400,
      type: 'InvalidParameterException',
    });
    await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { ...base(), Name: 'Twice' });
    expect(await call(ts.url, 'PUT', `/widgets/${InstanceId}`, { ...base(), Name: 'Twice' })).toMatchObject({
      status: 409,
      type: 'DuplicateResourceException',
    });
    const unsigned = await fetch(`${ts.url}/widgets-summary/${InstanceId}`);
    expect(unsigned.status).toBe(403);
  });
});

describe.each(backends)('widgets of the instance file across restarts on $name', (backend) => {
  it('keeps the id of the file; an API change persists over a restart with the same file; a changed file wins', async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-widgets-'));
    const key = demoConfig.accessKeys[0] as { accessKeyId: string; secretAccessKey: string };
    const boot = (config: InstanceConfig) =>
      startServer({ config, port: 0, logger: false, storage, dataDir, hashPassword: fakeHash, verifyPassword: fakeVerify });
    const describeDemoWidget = async (url: string, instanceId: string) =>
      (await call(url, 'GET', `/widgets/${instanceId}/${DEMO_WIDGET_ID}`, undefined, key)).body.WidgetConfiguration as {
        Greeting: string;
        WidgetId: string;
      };

    let server = await boot(structuredClone(demoConfig) as InstanceConfig);
    const instanceId = server.instance.id;
    expect((await describeDemoWidget(server.url, instanceId)).WidgetId).toBe(DEMO_WIDGET_ID);
    expect(
      (await call(server.url, 'POST', `/widgets/${instanceId}/${DEMO_WIDGET_ID}`, { Greeting: 'From the API' }, key)).status,
    ).toBe(200);
    await server.close();

    server = await boot(structuredClone(demoConfig) as InstanceConfig);
    expect((await describeDemoWidget(server.url, instanceId)).Greeting).toBe('From the API');
    await server.close();

    const changed = structuredClone(demoConfig) as InstanceConfig;
    (changed.widgets[0] as { greeting: string }).greeting = 'From the file';
    server = await boot(changed);
    try {
      expect((await describeDemoWidget(server.url, instanceId)).Greeting).toBe('From the file');
    } finally {
      await server.close();
    }
  });
});
