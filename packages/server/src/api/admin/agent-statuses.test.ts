/** Agent statuses through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  CreateAgentStatusCommand,
  DescribeAgentStatusCommand,
  ListAgentStatusesCommand,
  UpdateAgentStatusCommand,
} from '@aws-sdk/client-connect';
import type { AgentStatus } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

describe.each(backends)('agent statuses on $name', (backend) => {
  let ts: TestServer;
  let instanceId: string;
  let arnPrefix: string;
  const system = (id: string, name: string, type: AgentStatus['type'], displayOrder: number): AgentStatus => ({
    id,
    name,
    type,
    displayOrder,
    state: 'ENABLED',
    tags: {},
    lastModifiedTime: Date.now(),
  });
  const describeStatus = async (AgentStatusId: string | undefined) =>
    (await ts.client.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId }))).AgentStatus;

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    instanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}`;
    await ts.store.resources.create(instanceId, 'agentStatus', system('status-available', 'Available', 'ROUTABLE', 1));
    await ts.store.resources.create(instanceId, 'agentStatus', system('status-offline', 'Offline', 'OFFLINE', 2));
  });
  afterAll(async () => ts?.close());

  it('CreateAgentStatus then DescribeAgentStatus returns every field', async () => {
    const before = Date.now();
    const created = await ts.client.send(
      new CreateAgentStatusCommand({
        InstanceId: instanceId,
        Name: 'Lunch',
        Description: 'Out to lunch',
        State: 'ENABLED',
        DisplayOrder: 7,
        Tags: { kind: 'break' },
      }),
    );
    expect(created.AgentStatusId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.AgentStatusARN).toBe(`${arnPrefix}/agent-state/${created.AgentStatusId}`);
    const s = await describeStatus(created.AgentStatusId);
    expect(s?.AgentStatusId).toBe(created.AgentStatusId);
    expect(s?.AgentStatusARN).toBe(created.AgentStatusARN);
    expect(s?.Name).toBe('Lunch');
    expect(s?.Description).toBe('Out to lunch');
    expect(s?.Type).toBe('CUSTOM');
    expect(s?.DisplayOrder).toBe(7);
    expect(s?.State).toBe('ENABLED');
    expect(s?.Tags).toEqual({ kind: 'break' });
    expect(s?.LastModifiedTime).toBeInstanceOf(Date);
    expect(s?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(s?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(s?.LastModifiedRegion).toBe('us-east-1');
  });

  it('system statuses show as ROUTABLE and OFFLINE; a new status without DisplayOrder goes last', async () => {
    expect((await describeStatus('status-available'))?.Type).toBe('ROUTABLE');
    expect((await describeStatus('status-offline'))?.Type).toBe('OFFLINE');
    const { AgentStatusId } = await ts.client.send(
      new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Training', State: 'DISABLED' }),
    );
    const s = await describeStatus(AgentStatusId);
    expect(s?.State).toBe('DISABLED');
    expect(s?.Description).toBeUndefined();
    expect(s?.Tags).toEqual({});
    const all = await ts.store.resources.all(instanceId, 'agentStatus');
    expect(s?.DisplayOrder).toBe(Math.max(...all.filter((a) => a.id !== AgentStatusId).map((a) => a.displayOrder)) + 1);
  });

  it('UpdateAgentStatus changes name, description, state and order', async () => {
    const { AgentStatusId } = await ts.client.send(
      new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Meeting', State: 'ENABLED', DisplayOrder: 3 }),
    );
    const t0 = (await describeStatus(AgentStatusId))?.LastModifiedTime?.getTime() ?? 0;
    await new Promise((r) => setTimeout(r, 20));
    const out = await ts.client.send(
      new UpdateAgentStatusCommand({
        InstanceId: instanceId,
        AgentStatusId,
        Name: 'Team meeting',
        Description: 'Weekly',
        State: 'DISABLED',
        DisplayOrder: 4,
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    let s = await describeStatus(AgentStatusId);
    expect(s).toMatchObject({ Name: 'Team meeting', Description: 'Weekly', State: 'DISABLED', DisplayOrder: 4, Type: 'CUSTOM' });
    expect(s?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);

    // Partial update keeps the rest; ResetOrderNumber moves it to the end.
    await ts.client.send(
      new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId, State: 'ENABLED', ResetOrderNumber: true }),
    );
    s = await describeStatus(AgentStatusId);
    const others = (await ts.store.resources.all(instanceId, 'agentStatus')).filter((a) => a.id !== AgentStatusId);
    expect(s).toMatchObject({ Name: 'Team meeting', Description: 'Weekly', State: 'ENABLED' });
    expect(s?.DisplayOrder).toBe(Math.max(...others.map((a) => a.displayOrder)) + 1);

    // Renaming to its own name is fine; the system statuses can be renamed but not disabled.
    await ts.client.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId, Name: 'Team meeting' }));
    await ts.client.send(
      new UpdateAgentStatusCommand({
        InstanceId: instanceId,
        AgentStatusId: 'status-available',
        Description: 'Ready for contacts',
      }),
    );
    expect((await describeStatus('status-available'))?.Description).toBe('Ready for contacts');
    await expectError(
      ts.client.send(
        new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: 'status-available', State: 'DISABLED' }),
      ),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: 'status-offline', State: 'DISABLED' }),
      ),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId, DisplayOrder: 2, ResetOrderNumber: true }),
      ),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId, Name: 'Available' })),
      'DuplicateResourceException',
      409,
    );
    expect((await describeStatus(AgentStatusId))?.Name).toBe('Team meeting');
  });

  // KNOWN GAP (app.ts, not this module): Fastify's default maxParamLength (100) refuses the
  // ~150-character percent-encoded ARN label before routing. Drop `.fails` once app.ts
  // raises routerOptions.maxParamLength.
  it('an AgentStatusId label may be a full ARN', async () => {
    const { AgentStatusId, AgentStatusARN } = await ts.client.send(
      new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'By ARN', State: 'ENABLED' }),
    );
    expect((await describeStatus(AgentStatusARN))?.AgentStatusId).toBe(AgentStatusId);
  });

  it('ListAgentStatuses pages, and filters by AgentStatusTypes', async () => {
    for (let i = 0; i < 12; i++) {
      await ts.client.send(
        new CreateAgentStatusCommand({ InstanceId: instanceId, Name: `Paged ${String(i).padStart(2, '0')}`, State: 'ENABLED' }),
      );
    }
    const collect = async (AgentStatusTypes?: ('ROUTABLE' | 'CUSTOM' | 'OFFLINE')[]) => {
      const items: { Name?: string; Type?: string }[] = [];
      let NextToken: string | undefined;
      let pages = 0;
      do {
        const page = await ts.client.send(
          new ListAgentStatusesCommand({ InstanceId: instanceId, MaxResults: 5, NextToken, AgentStatusTypes }),
        );
        pages++;
        expect(page.AgentStatusSummaryList?.length).toBeLessThanOrEqual(5);
        for (const s of page.AgentStatusSummaryList ?? []) {
          expect(s.Arn).toBe(`${arnPrefix}/agent-state/${s.Id}`);
          expect(s.LastModifiedTime).toBeInstanceOf(Date);
          expect(s.LastModifiedRegion).toBe('us-east-1');
          items.push(s);
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return { items, pages };
    };
    const total = (await ts.store.resources.all(instanceId, 'agentStatus')).length;
    const all = await collect();
    expect(all.items.length).toBe(total);
    expect(new Set(all.items.map((s) => s.Name)).size).toBe(total);
    expect(all.pages).toBe(Math.ceil(total / 5));

    const custom = await collect(['CUSTOM']);
    expect(custom.items.every((s) => s.Type === 'CUSTOM')).toBe(true);
    expect(custom.items.length).toBe(total - 2);
    expect(custom.items.filter((s) => s.Name?.startsWith('Paged '))).toHaveLength(12);
    expect(custom.pages).toBe(Math.ceil((total - 2) / 5));

    const system = await collect(['ROUTABLE', 'OFFLINE']);
    expect(system.items.map((s) => [s.Name, s.Type])).toEqual([
      ['Available', 'ROUTABLE'],
      ['Offline', 'OFFLINE'],
    ]);
    expect(system.pages).toBe(1);

    await expectError(
      ts.client.send(new ListAgentStatusesCommand({ InstanceId: instanceId, AgentStatusTypes: ['BUSY' as 'CUSTOM'] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListAgentStatusesCommand({ InstanceId: instanceId, NextToken: 'nope' })),
      'InvalidParameterException',
      400,
    );
  });

  it('a taken name is DuplicateResourceException', async () => {
    await ts.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Coffee', State: 'ENABLED' }));
    await expectError(
      ts.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Coffee', State: 'ENABLED' })),
      'DuplicateResourceException',
      409,
    );
    await expectError(
      ts.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Offline', State: 'ENABLED' })),
      'DuplicateResourceException',
      409,
    );
  });

  it('invalid input is InvalidParameterException', async () => {
    const bad: Array<Record<string, unknown>> = [
      { Name: '', State: 'ENABLED' },
      { Name: 'x'.repeat(128), State: 'ENABLED' },
      { Name: 'Bad state', State: 'PAUSED' },
      { Name: 'No state' },
      { Name: 'Order 0', State: 'ENABLED', DisplayOrder: 0 },
      { Name: 'Order 51', State: 'ENABLED', DisplayOrder: 51 },
      { Name: 'Long description', State: 'ENABLED', Description: 'd'.repeat(251) },
    ];
    for (const input of bad) {
      await expectError(
        ts.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, ...input } as never)),
        'InvalidParameterException',
        400,
      );
    }
    await expectError(
      ts.client.send(
        new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: 'status-offline', State: 'PAUSED' as 'ENABLED' }),
      ),
      'InvalidParameterException',
      400,
    );
  });

  it('unknown statuses are ResourceNotFound', async () => {
    await expectError(
      ts.client.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: MISSING, Name: 'x' })),
      'ResourceNotFoundException',
      404,
    );
  });

  it("another key cannot reach this instance's statuses", async () => {
    const other = ts.clientWith(OTHER_KEY);
    await expectError(
      other.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Evil', State: 'ENABLED' })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      other.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: 'status-available' })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      other.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: 'status-available', Name: 'x' })),
      'AccessDeniedException',
      403,
    );
    await expectError(other.send(new ListAgentStatusesCommand({ InstanceId: instanceId })), 'AccessDeniedException', 403);
    await expectError(
      other.send(new DescribeAgentStatusCommand({ InstanceId: ts.otherInstance.id, AgentStatusId: 'status-available' })),
      'ResourceNotFoundException',
      404,
    );
    // Names are per instance.
    const { AgentStatusId } = await other.send(
      new CreateAgentStatusCommand({ InstanceId: ts.otherInstance.id, Name: 'Lunch', State: 'ENABLED' }),
    );
    expect(
      (await other.send(new ListAgentStatusesCommand({ InstanceId: ts.otherInstance.id }))).AgentStatusSummaryList?.map(
        (s) => s.Id,
      ),
    ).toEqual([AgentStatusId]);
  });
});
