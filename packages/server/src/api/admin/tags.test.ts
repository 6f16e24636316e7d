import {
  CreateHoursOfOperationCommand,
  DescribeHoursOfOperationCommand,
  DescribeInstanceCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { bareUser, OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

describe.each(backends)('tags on $name', (backend) => {
  let ts: TestServer;
  let instanceArn: string;

  const hours = async (Name: string, Tags?: Record<string, string>) => {
    const out = await ts.client.send(
      new CreateHoursOfOperationCommand({
        InstanceId: ts.instance.id,
        Name,
        TimeZone: 'UTC',
        Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
        ...(Tags ? { Tags } : {}),
      }),
    );
    return { id: out.HoursOfOperationId as string, arn: out.HoursOfOperationArn as string };
  };
  const tagsOf = async (resourceArn: string) => (await ts.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    instanceArn = `arn:aws:connect:us-east-1:123456789012:instance/${ts.instance.id}`;
  });
  afterAll(async () => ts?.close());

  it('TagResource adds and overwrites, UntagResource removes, ListTagsForResource and Describe* agree', async () => {
    const h = await hours('Office', { team: 'sales' });
    const before = (
      await ts.client.send(new DescribeHoursOfOperationCommand({ InstanceId: ts.instance.id, HoursOfOperationId: h.id }))
    ).HoursOfOperation;
    expect(await tagsOf(h.arn)).toEqual({ team: 'sales' });

    await ts.client.send(
      new TagResourceCommand({ resourceArn: h.arn, tags: { team: 'support', env: 'prod', 'cost:centre': '4 2' } }),
    );
    expect(await tagsOf(h.arn)).toEqual({ team: 'support', env: 'prod', 'cost:centre': '4 2' });

    // Keys it does not have are ignored.
    await ts.client.send(new UntagResourceCommand({ resourceArn: h.arn, tagKeys: ['env', 'never-set'] }));
    expect(await tagsOf(h.arn)).toEqual({ team: 'support', 'cost:centre': '4 2' });

    const after = (
      await ts.client.send(new DescribeHoursOfOperationCommand({ InstanceId: ts.instance.id, HoursOfOperationId: h.id }))
    ).HoursOfOperation;
    expect(after?.Tags).toEqual({ team: 'support', 'cost:centre': '4 2' });
    // Tagging is not a change of the resource.
    expect(after?.LastModifiedTime).toEqual(before?.LastModifiedTime);
  });

  it('tags users (…/agent/<id>) and the instance itself', async () => {
    await ts.store.resources.create(ts.instance.id, 'user', bareUser('user-tagged', 'tagged'));
    const userArn = `${instanceArn}/agent/user-tagged`;
    await ts.client.send(new TagResourceCommand({ resourceArn: userArn, tags: { site: 'Leeds' } }));
    expect(await tagsOf(userArn)).toEqual({ site: 'Leeds' });
    expect((await ts.store.resources.get(ts.instance.id, 'user', 'user-tagged'))?.tags).toEqual({ site: 'Leeds' });

    await ts.client.send(new TagResourceCommand({ resourceArn: instanceArn, tags: { owner: 'ops' } }));
    expect(await tagsOf(instanceArn)).toEqual({ owner: 'ops' });
    const described = await ts.client.send(new DescribeInstanceCommand({ InstanceId: ts.instance.id }));
    expect(described.Instance?.Tags).toEqual({ owner: 'ops' });
  });

  it('answers bad ARNs, unknown resources, bad tags and other instances with AWS errors', async () => {
    const h = await hours('Checked');
    await expectError(
      ts.client.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListTagsForResourceCommand({ resourceArn: `${instanceArn}/operating-hours/${MISSING}` })),
      'ResourceNotFoundException',
      404,
    );
    // Agent queues are implicit: nothing to tag.
    await expectError(
      ts.client.send(new TagResourceCommand({ resourceArn: `${instanceArn}/queue/agent/user-tagged`, tags: { a: 'b' } })),
      'ResourceNotFoundException',
      404,
    );
    // Another account's ARN for this instance names nothing here.
    await expectError(
      ts.client.send(new ListTagsForResourceCommand({ resourceArn: h.arn.replace(':123456789012:', ':999999999999:') })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new TagResourceCommand({ resourceArn: h.arn, tags: { 'aws:reserved': 'x' } })),
      'InvalidParameterException',
      400,
    );
    await expectError(ts.client.send(new TagResourceCommand({ resourceArn: h.arn, tags: {} })), 'InvalidParameterException', 400);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await ts.client.send(new TagResourceCommand({ resourceArn: h.arn, tags: fifty }));
    await expectError(
      ts.client.send(new TagResourceCommand({ resourceArn: h.arn, tags: { one: 'too many' } })),
      'InvalidParameterException',
      400,
    );
    expect(Object.keys((await tagsOf(h.arn)) ?? {})).toHaveLength(50);
    await expectError(
      ts.client.send(new UntagResourceCommand({ resourceArn: h.arn, tagKeys: [] })),
      'InvalidParameterException',
      400,
    );

    const other = ts.clientWith(OTHER_KEY);
    await expectError(other.send(new ListTagsForResourceCommand({ resourceArn: h.arn })), 'AccessDeniedException', 403);
    await expectError(
      other.send(new TagResourceCommand({ resourceArn: h.arn, tags: { evil: 'yes' } })),
      'AccessDeniedException',
      403,
    );
    expect(await tagsOf(h.arn)).not.toHaveProperty('evil');
  });
});
