/** Hours of operation through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  CreateHoursOfOperationCommand,
  type CreateHoursOfOperationRequest,
  DeleteHoursOfOperationCommand,
  DescribeHoursOfOperationCommand,
  type HoursOfOperationConfig,
  ListHoursOfOperationsCommand,
  UpdateHoursOfOperationCommand,
} from '@aws-sdk/client-connect';
import type { Queue } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

const at = (Hours: number, Minutes = 0) => ({ Hours, Minutes });
const WEEKDAYS: HoursOfOperationConfig[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((Day) => ({
  Day,
  StartTime: at(9),
  EndTime: at(17, 30),
}));

describe.each(backends)('hours of operation on $name', (backend) => {
  let ts: TestServer;
  let instanceId: string;
  let arnPrefix: string;
  const create = (input: Partial<CreateHoursOfOperationRequest> & { Name: string }) =>
    ts.client.send(
      new CreateHoursOfOperationCommand({ InstanceId: instanceId, TimeZone: 'Europe/London', Config: WEEKDAYS, ...input }),
    );
  const describeHours = async (HoursOfOperationId: string | undefined) =>
    (await ts.client.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId }))).HoursOfOperation;

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    instanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}`;
  });
  afterAll(async () => ts?.close());

  it('CreateHoursOfOperation then DescribeHoursOfOperation returns every field', async () => {
    const before = Date.now();
    const created = await create({
      Name: 'Office',
      Description: 'Weekdays',
      TimeZone: 'America/New_York',
      Tags: { site: 'nyc' },
    });
    expect(created.HoursOfOperationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.HoursOfOperationArn).toBe(`${arnPrefix}/operating-hours/${created.HoursOfOperationId}`);
    const h = await describeHours(created.HoursOfOperationId);
    expect(h?.HoursOfOperationId).toBe(created.HoursOfOperationId);
    expect(h?.HoursOfOperationArn).toBe(created.HoursOfOperationArn);
    expect(h?.Name).toBe('Office');
    expect(h?.Description).toBe('Weekdays');
    expect(h?.TimeZone).toBe('America/New_York');
    expect(h?.Config).toEqual(WEEKDAYS);
    expect(h?.Tags).toEqual({ site: 'nyc' });
    expect(h?.LastModifiedTime).toBeInstanceOf(Date);
    expect(h?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(h?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(h?.LastModifiedRegion).toBe('us-east-1');
  });

  it('an end of 00:00 means midnight: all day, or until midnight; overnight ranges wrap', async () => {
    const Config: HoursOfOperationConfig[] = [
      { Day: 'SUNDAY', StartTime: at(0), EndTime: at(0) },
      { Day: 'SATURDAY', StartTime: at(18), EndTime: at(0) },
      { Day: 'FRIDAY', StartTime: at(22), EndTime: at(6, 15) },
    ];
    const { HoursOfOperationId } = await create({ Name: 'Around the clock', TimeZone: 'UTC', Config });
    expect((await describeHours(HoursOfOperationId))?.Config).toEqual(Config);
    const stored = await ts.store.resources.get(instanceId, 'hoursOfOperation', HoursOfOperationId as string);
    expect(stored?.config).toEqual([
      { day: 'SUNDAY', start: { hours: 0, minutes: 0 }, end: { hours: 24, minutes: 0 } },
      { day: 'SATURDAY', start: { hours: 18, minutes: 0 }, end: { hours: 24, minutes: 0 } },
      { day: 'FRIDAY', start: { hours: 22, minutes: 0 }, end: { hours: 6, minutes: 15 } },
    ]);
    // An empty Config (closed every day) is allowed.
    const closed = await create({ Name: 'Closed', Config: [] });
    expect((await describeHours(closed.HoursOfOperationId))?.Config).toEqual([]);
  });

  it('UpdateHoursOfOperation replaces what it is given and keeps the rest', async () => {
    const { HoursOfOperationId } = await create({ Name: 'Support', Description: 'Old' });
    const t0 = (await describeHours(HoursOfOperationId))?.LastModifiedTime?.getTime() ?? 0;
    await new Promise((r) => setTimeout(r, 20));
    const Config: HoursOfOperationConfig[] = [{ Day: 'SATURDAY', StartTime: at(10), EndTime: at(14) }];
    const out = await ts.client.send(
      new UpdateHoursOfOperationCommand({
        InstanceId: instanceId,
        HoursOfOperationId,
        Name: 'Weekend support',
        TimeZone: 'Asia/Tokyo',
        Config,
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const h = await describeHours(HoursOfOperationId);
    expect(h).toMatchObject({ Name: 'Weekend support', Description: 'Old', TimeZone: 'Asia/Tokyo', Config });
    expect(h?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);

    await ts.client.send(
      new UpdateHoursOfOperationCommand({
        InstanceId: instanceId,
        HoursOfOperationId,
        Description: 'New',
      }),
    );
    expect(await describeHours(HoursOfOperationId)).toMatchObject({
      Name: 'Weekend support',
      Description: 'New',
      TimeZone: 'Asia/Tokyo',
      Config,
    });

    await create({ Name: 'Taken' });
    await expectError(
      ts.client.send(new UpdateHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId, Name: 'Taken' })),
      'DuplicateResourceException',
      409,
    );
    await expectError(
      ts.client.send(new UpdateHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId, TimeZone: 'Mars/Olympus' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new UpdateHoursOfOperationCommand({
          InstanceId: instanceId,
          HoursOfOperationId,
          Config: [{ Day: 'MONDAY', StartTime: at(24), EndTime: at(1) }],
        }),
      ),
      'InvalidParameterException',
      400,
    );
    expect((await describeHours(HoursOfOperationId))?.Name).toBe('Weekend support');
  });

  // KNOWN GAP (app.ts, not this module): Fastify's default maxParamLength (100) refuses the
  // ~155-character percent-encoded ARN label before routing. Drop `.fails` once app.ts
  // raises routerOptions.maxParamLength.
  it('a HoursOfOperationId label may be a full ARN', async () => {
    const { HoursOfOperationId, HoursOfOperationArn } = await create({ Name: 'By ARN' });
    expect((await describeHours(HoursOfOperationArn))?.HoursOfOperationId).toBe(HoursOfOperationId);
  });

  it('DeleteHoursOfOperation deletes unused hours and refuses hours a queue uses', async () => {
    const { HoursOfOperationId } = await create({ Name: 'Disposable' });
    const out = await ts.client.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(describeHours(HoursOfOperationId), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId })),
      'ResourceNotFoundException',
      404,
    );

    const used = await create({ Name: 'Used by a queue' });
    const queue: Queue = {
      id: 'queue-1',
      name: 'Sales',
      tags: {},
      lastModifiedTime: Date.now(),
      hoursOfOperationId: used.HoursOfOperationId as string,
      status: 'ENABLED',
      quickConnectIds: [],
    };
    await ts.store.resources.create(instanceId, 'queue', queue);
    const err = await expectError(
      ts.client.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: used.HoursOfOperationId })),
      'ResourceInUseException',
      409,
    );
    expect(err.message).toMatch(/Sales/);
    expect((await describeHours(used.HoursOfOperationId))?.Name).toBe('Used by a queue');
    await ts.store.resources.delete(instanceId, 'queue', queue.id);
    await ts.client.send(
      new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: used.HoursOfOperationId }),
    );
  });

  it('ListHoursOfOperations pages through every item exactly once', async () => {
    for (let i = 0; i < 12; i++) await create({ Name: `Paged ${String(i).padStart(2, '0')}` });
    const total = (await ts.store.resources.all(instanceId, 'hoursOfOperation')).length;
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ts.client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId, MaxResults: 5, NextToken }));
      pages++;
      expect(page.HoursOfOperationSummaryList?.length).toBeLessThanOrEqual(5);
      for (const s of page.HoursOfOperationSummaryList ?? []) {
        expect(s.Arn).toBe(`${arnPrefix}/operating-hours/${s.Id}`);
        expect(s.LastModifiedTime).toBeInstanceOf(Date);
        expect(s.LastModifiedRegion).toBe('us-east-1');
        seen.push(s.Name as string);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.filter((n) => n.startsWith('Paged '))).toEqual(
      Array.from({ length: 12 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`),
    );
    expect(pages).toBe(Math.ceil(total / 5));
  });

  it('a taken name is DuplicateResourceException', async () => {
    await create({ Name: 'Twice' });
    await expectError(create({ Name: 'Twice' }), 'DuplicateResourceException', 409);
  });

  it('invalid input is InvalidParameterException', async () => {
    const bad: Array<Record<string, unknown>> = [
      { Name: '' },
      { Name: 'n'.repeat(128) },
      { Name: 'Bad zone', TimeZone: 'Not/AZone' },
      { Name: 'Offset zone', TimeZone: '+01:00' },
      { Name: 'Empty zone', TimeZone: '' },
      { Name: 'No config', Config: undefined },
      { Name: 'Hour 24', Config: [{ Day: 'MONDAY', StartTime: at(9), EndTime: at(24) }] },
      { Name: 'Minute 60', Config: [{ Day: 'MONDAY', StartTime: at(9, 60), EndTime: at(17) }] },
      { Name: 'Negative', Config: [{ Day: 'MONDAY', StartTime: at(-1), EndTime: at(17) }] },
      { Name: 'Fraction', Config: [{ Day: 'MONDAY', StartTime: at(9.5), EndTime: at(17) }] },
      { Name: 'Bad day', Config: [{ Day: 'FUNDAY', StartTime: at(9), EndTime: at(17) }] },
      { Name: 'Zero length', Config: [{ Day: 'MONDAY', StartTime: at(9), EndTime: at(9) }] },
      { Name: 'Parent', ParentHoursOfOperationConfigs: [{ HoursOfOperationId: MISSING }] },
      { Name: 'Long description', Description: 'd'.repeat(251) },
    ];
    for (const input of bad) {
      await expectError(create(input as never), 'InvalidParameterException', 400);
    }
    const names = (
      await ts.client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }))
    ).HoursOfOperationSummaryList?.map((s) => s.Name);
    expect(names).not.toContain('Bad zone');
  });

  it('unknown hours are ResourceNotFound', async () => {
    await expectError(describeHours(MISSING), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new UpdateHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: MISSING, Name: 'x' })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
  });

  it("another key cannot reach this instance's hours", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const { HoursOfOperationId } = await create({ Name: 'Private' });
    const ref = { InstanceId: instanceId, HoursOfOperationId };
    await expectError(
      other.send(new CreateHoursOfOperationCommand({ InstanceId: instanceId, Name: 'Evil', TimeZone: 'UTC', Config: [] })),
      'AccessDeniedException',
      403,
    );
    await expectError(other.send(new DescribeHoursOfOperationCommand(ref)), 'AccessDeniedException', 403);
    await expectError(other.send(new UpdateHoursOfOperationCommand({ ...ref, Name: 'x' })), 'AccessDeniedException', 403);
    await expectError(other.send(new DeleteHoursOfOperationCommand(ref)), 'AccessDeniedException', 403);
    await expectError(other.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })), 'AccessDeniedException', 403);
    await expectError(
      other.send(new DescribeHoursOfOperationCommand({ InstanceId: ts.otherInstance.id, HoursOfOperationId })),
      'ResourceNotFoundException',
      404,
    );
    expect((await describeHours(HoursOfOperationId))?.Name).toBe('Private');
  });
});
