/** Users through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  ListUsersCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import type { RoutingProfile, SecurityProfile } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, TEST_KEY, type TestServer } from '../../../test/harness.js';
import { errorOf, expectError, MISSING } from '../../../test/sdk-errors.js';
import { signedFetch } from '../../../test/sign.js';

const PASSWORD = 'Secret123';

describe.each(backends)('users on $name', (backend) => {
  let ts: TestServer;
  let instanceId: string;
  let arnPrefix: string;
  const sp = (id: string, name: string): SecurityProfile => ({
    id,
    name,
    tags: {},
    lastModifiedTime: Date.now(),
    permissions: [],
  });
  const rp = (id: string, name: string): RoutingProfile => ({
    id,
    name,
    tags: {},
    lastModifiedTime: Date.now(),
    defaultOutboundQueueId: MISSING,
    mediaConcurrencies: [],
    queueConfigs: [],
    agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
  });
  const base = () => ({
    InstanceId: instanceId,
    Password: PASSWORD,
    SecurityProfileIds: ['sp-agent'],
    RoutingProfileId: 'rp-basic',
  });

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    instanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}`;
    await ts.store.resources.create(instanceId, 'securityProfile', sp('sp-agent', 'Agent'));
    await ts.store.resources.create(instanceId, 'securityProfile', sp('sp-admin', 'Admin'));
    await ts.store.resources.create(instanceId, 'routingProfile', rp('rp-basic', 'Basic'));
    await ts.store.resources.create(instanceId, 'routingProfile', rp('rp-sales', 'Sales'));
  });
  afterAll(async () => ts?.close());

  it('CreateUser then DescribeUser returns every field', async () => {
    const before = Date.now();
    const created = await ts.client.send(
      new CreateUserCommand({
        ...base(),
        Username: 'alice',
        IdentityInfo: { FirstName: 'Alice', LastName: 'Liddell', Email: 'alice@example.com', Mobile: '+15555550100' },
        PhoneConfig: {
          PhoneType: 'DESK_PHONE',
          DeskPhoneNumber: '+15555550199',
          AutoAccept: false,
          AfterContactWorkTimeLimit: 10,
        },
        SecurityProfileIds: ['sp-agent', `${arnPrefix}/security-profile/sp-admin`],
        RoutingProfileId: `${arnPrefix}/routing-profile/rp-basic`,
        AutoAcceptConfigs: [{ Channel: 'CHAT', AutoAccept: true }],
        AfterContactWorkConfigs: [{ Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 30 } }],
        Tags: { team: 'blue' },
      }),
    );
    expect(created.UserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.UserArn).toBe(`${arnPrefix}/agent/${created.UserId}`);

    const { User: u } = await ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: created.UserId }));
    expect(u?.Id).toBe(created.UserId);
    expect(u?.Arn).toBe(created.UserArn);
    expect(u?.Username).toBe('alice');
    expect(u?.IdentityInfo).toEqual({
      FirstName: 'Alice',
      LastName: 'Liddell',
      Email: 'alice@example.com',
      Mobile: '+15555550100',
    });
    expect(u?.PhoneConfig).toEqual({
      PhoneType: 'DESK_PHONE',
      DeskPhoneNumber: '+15555550199',
      AutoAccept: false,
      AfterContactWorkTimeLimit: 10,
    });
    expect(u?.SecurityProfileIds).toEqual(['sp-agent', 'sp-admin']);
    expect(u?.RoutingProfileId).toBe('rp-basic');
    expect(u?.Tags).toEqual({ team: 'blue' });
    expect(u?.AutoAcceptConfigs).toEqual([
      { Channel: 'VOICE', AutoAccept: false },
      { Channel: 'CHAT', AutoAccept: true },
      { Channel: 'TASK', AutoAccept: false },
    ]);
    expect(u?.AfterContactWorkConfigs).toEqual([
      { Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 10 } },
      { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 10 } },
      { Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 30 } },
    ]);
    expect(u?.PhoneNumberConfigs).toEqual([{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '+15555550199' }]);
    expect(u?.LastModifiedTime).toBeInstanceOf(Date);
    expect(u?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(u?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(u?.LastModifiedRegion).toBe('us-east-1');

    // The password is hashed in storage and never leaves the server.
    const stored = await ts.store.resources.get(instanceId, 'user', created.UserId as string);
    expect(stored?.passwordHash).toBe(`test-hash:${PASSWORD}`);
    const raw = await signedFetch(ts.url, { method: 'GET', path: `/users/${instanceId}/${created.UserId}` }, TEST_KEY);
    expect(raw.status).toBe(200);
    const text = await raw.text();
    expect(text).not.toMatch(/password|test-hash|Secret123/i);
  });

  it('a minimal user gets soft-phone defaults', async () => {
    const { UserId } = await ts.client.send(new CreateUserCommand({ ...base(), Username: 'bob.minimal@x' }));
    const { User: u } = await ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId }));
    expect(u?.Id).toBe(UserId);
    expect(u?.IdentityInfo).toEqual({});
    expect(u?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 });
    expect(u?.Tags).toEqual({});
    expect(u?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([false, false, false]);
  });

  it('a per-channel VOICE value shows in PhoneConfig until UpdateUserPhoneConfig replaces it', async () => {
    const { UserId } = await ts.client.send(
      new CreateUserCommand({
        ...base(),
        Username: 'carol',
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 5 },
        AutoAcceptConfigs: [{ Channel: 'VOICE', AutoAccept: true }],
        AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 60 } }],
      }),
    );
    const describe = async () => (await ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId }))).User;
    let u = await describe();
    expect(u?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 60 });
    expect(u?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([true, false, false]);
    expect(u?.AfterContactWorkConfigs?.map((c) => c.AfterContactWorkConfig?.AfterContactWorkTimeLimit)).toEqual([60, 5, 5]);

    const out = await ts.client.send(
      new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId,
        UserId,
        PhoneConfig: {
          PhoneType: 'DESK_PHONE',
          DeskPhoneNumber: '+442071234567',
          AutoAccept: false,
          AfterContactWorkTimeLimit: 20,
        },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    u = await describe();
    expect(u?.PhoneConfig).toEqual({
      PhoneType: 'DESK_PHONE',
      DeskPhoneNumber: '+442071234567',
      AutoAccept: false,
      AfterContactWorkTimeLimit: 20,
    });
    expect(u?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([false, false, false]);
    expect(u?.AfterContactWorkConfigs?.map((c) => c.AfterContactWorkConfig?.AfterContactWorkTimeLimit)).toEqual([20, 20, 20]);

    await expectError(
      ts.client.send(
        new UpdateUserPhoneConfigCommand({
          InstanceId: instanceId,
          UserId,
          PhoneConfig: { PhoneType: 'DESK_PHONE', AutoAccept: true },
        }),
      ),
      'InvalidParameterException',
      400,
    );
  });

  it('UpdateUserIdentityInfo, UpdateUserRoutingProfile and UpdateUserSecurityProfiles', async () => {
    const { UserId } = await ts.client.send(
      new CreateUserCommand({ ...base(), Username: 'dave', IdentityInfo: { FirstName: 'Dave', Email: 'd@x.org' } }),
    );
    const describe = async () => (await ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId }))).User;
    const t0 = (await describe())?.LastModifiedTime?.getTime() ?? 0;
    await new Promise((r) => setTimeout(r, 20));

    await ts.client.send(
      new UpdateUserIdentityInfoCommand({
        InstanceId: instanceId,
        UserId,
        IdentityInfo: { FirstName: 'David', LastName: 'Jones' },
      }),
    );
    let u = await describe();
    expect(u?.IdentityInfo).toEqual({ FirstName: 'David', LastName: 'Jones' });
    expect(u?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);

    await ts.client.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId, RoutingProfileId: 'rp-sales' }));
    expect((await describe())?.RoutingProfileId).toBe('rp-sales');
    await ts.client.send(
      new UpdateUserRoutingProfileCommand({
        InstanceId: instanceId,
        UserId,
        RoutingProfileId: `${arnPrefix}/routing-profile/rp-basic`,
      }),
    );
    expect((await describe())?.RoutingProfileId).toBe('rp-basic');

    await ts.client.send(
      new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId, SecurityProfileIds: ['sp-admin'] }),
    );
    u = await describe();
    expect(u?.SecurityProfileIds).toEqual(['sp-admin']);

    await expectError(
      ts.client.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId, RoutingProfileId: MISSING })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId, SecurityProfileIds: ['sp-admin', MISSING] }),
      ),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId, SecurityProfileIds: [] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateUserIdentityInfoCommand({ InstanceId: instanceId, UserId, IdentityInfo: { Mobile: '555-0100' } })),
      'InvalidParameterException',
      400,
    );
    u = await describe();
    expect(u?.RoutingProfileId).toBe('rp-basic');
    expect(u?.SecurityProfileIds).toEqual(['sp-admin']);
  });

  // KNOWN GAP (app.ts, not this module): Fastify's default maxParamLength (100) refuses the
  // ~145-character percent-encoded ARN label before routing. Drop `.fails` once app.ts
  // raises routerOptions.maxParamLength.
  it('a UserId label may be a full ARN', async () => {
    const { UserId, UserArn } = await ts.client.send(new CreateUserCommand({ ...base(), Username: 'arn-label' }));
    const { User: u } = await ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: UserArn }));
    expect(u?.Id).toBe(UserId);
  });

  it('DeleteUser removes the user; a second delete is ResourceNotFound', async () => {
    const { UserId } = await ts.client.send(new CreateUserCommand({ ...base(), Username: 'erin' }));
    const out = await ts.client.send(new DeleteUserCommand({ InstanceId: instanceId, UserId }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(
      ts.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new DeleteUserCommand({ InstanceId: instanceId, UserId })),
      'ResourceNotFoundException',
      404,
    );
    // The name is free again.
    await ts.client.send(new CreateUserCommand({ ...base(), Username: 'erin' }));
  });

  it('unknown users are ResourceNotFound on every operation', async () => {
    const ref = { InstanceId: instanceId, UserId: MISSING };
    for (const call of [
      () => ts.client.send(new DescribeUserCommand(ref)),
      () => ts.client.send(new DeleteUserCommand(ref)),
      () => ts.client.send(new UpdateUserIdentityInfoCommand({ ...ref, IdentityInfo: { FirstName: 'x' } })),
      () => ts.client.send(new UpdateUserPhoneConfigCommand({ ...ref, PhoneConfig: { PhoneType: 'SOFT_PHONE' } })),
      () => ts.client.send(new UpdateUserRoutingProfileCommand({ ...ref, RoutingProfileId: 'rp-basic' })),
      () => ts.client.send(new UpdateUserSecurityProfilesCommand({ ...ref, SecurityProfileIds: ['sp-agent'] })),
    ]) {
      await expectError(call(), 'ResourceNotFoundException', 404);
    }
  });

  it('ListUsers pages through every user exactly once', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `page-user-${String(i).padStart(2, '0')}`);
    for (const Username of names) await ts.client.send(new CreateUserCommand({ ...base(), Username }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    const before = Date.now();
    do {
      const page = await ts.client.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 5, NextToken }));
      pages++;
      expect(page.UserSummaryList?.length).toBeLessThanOrEqual(5);
      for (const s of page.UserSummaryList ?? []) {
        expect(s.Arn).toBe(`${arnPrefix}/agent/${s.Id}`);
        expect(s.LastModifiedTime).toBeInstanceOf(Date);
        expect(s.LastModifiedTime?.getTime()).toBeLessThanOrEqual(before + 1000);
        expect(s.LastModifiedRegion).toBe('us-east-1');
        seen.push(s.Username as string);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    const all = (await ts.client.send(new ListUsersCommand({ InstanceId: instanceId }))).UserSummaryList ?? [];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((s) => s.Username).sort());
    expect(seen.filter((n) => n.startsWith('page-user-'))).toEqual(names);
    expect(pages).toBe(Math.ceil(all.length / 5));
    expect(all.length).toBeGreaterThanOrEqual(12);
    await expectError(
      ts.client.send(new ListUsersCommand({ InstanceId: instanceId, NextToken: 'garbage' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 0 })),
      'InvalidParameterException',
      400,
    );
  });

  it('a taken username is DuplicateResourceException', async () => {
    await ts.client.send(new CreateUserCommand({ ...base(), Username: 'frank' }));
    await expectError(ts.client.send(new CreateUserCommand({ ...base(), Username: 'frank' })), 'DuplicateResourceException', 409);
  });

  it('invalid input is InvalidParameterException', async () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['short password', { Password: 'Ab1' }],
      ['no digit', { Password: 'Abcdefghij' }],
      ['no upper case', { Password: 'abcdefgh1' }],
      ['no lower case', { Password: 'ABCDEFGH1' }],
      ['too long', { Password: `Ab1${'x'.repeat(62)}` }],
      ['no password', { Password: undefined }],
      ['bad username', { Username: 'has space' }],
      ['empty username', { Username: '' }],
      ['unknown routing profile', { RoutingProfileId: MISSING }],
      ['unknown security profile', { SecurityProfileIds: [MISSING] }],
      ['no security profiles', { SecurityProfileIds: [] }],
      ['bad phone type', { PhoneConfig: { PhoneType: 'TIN_CAN' } }],
      ['negative ACW', { PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: -1 } }],
      ['desk phone without number', { PhoneConfig: { PhoneType: 'DESK_PHONE' } }],
      ['unknown channel', { AutoAcceptConfigs: [{ Channel: 'EMAIL', AutoAccept: true }] }],
      [
        'channel twice',
        {
          AutoAcceptConfigs: [
            { Channel: 'CHAT', AutoAccept: true },
            { Channel: 'CHAT', AutoAccept: false },
          ],
        },
      ],
      ['hierarchy group', { HierarchyGroupId: MISSING }],
    ];
    for (const [what, patch] of bad) {
      const err = await errorOf(
        ts.client.send(
          new CreateUserCommand({ ...base(), Username: `bad-${bad.findIndex(([w]) => w === what)}`, ...patch } as never),
        ),
      );
      expect(err.name, what).toBe('InvalidParameterException');
      expect(err.$metadata.httpStatusCode, what).toBe(400);
      expect(err.message, what).not.toMatch(/Ab1|Abcdefghij|abcdefgh1|ABCDEFGH1/);
    }
    const { UserSummaryList } = await ts.client.send(new ListUsersCommand({ InstanceId: instanceId }));
    expect(UserSummaryList?.filter((s) => s.Username?.startsWith('bad-'))).toEqual([]);
  });

  it("another key cannot reach this instance's users; ids do not leak across instances", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const { UserId } = await ts.client.send(new CreateUserCommand({ ...base(), Username: 'grace' }));
    const ref = { InstanceId: instanceId, UserId };
    for (const call of [
      () => other.send(new DescribeUserCommand(ref)),
      () => other.send(new ListUsersCommand({ InstanceId: instanceId })),
      () => other.send(new CreateUserCommand({ ...base(), Username: 'mallory' })),
      () => other.send(new UpdateUserIdentityInfoCommand({ ...ref, IdentityInfo: { FirstName: 'x' } })),
      () => other.send(new UpdateUserPhoneConfigCommand({ ...ref, PhoneConfig: { PhoneType: 'SOFT_PHONE' } })),
      () => other.send(new UpdateUserRoutingProfileCommand({ ...ref, RoutingProfileId: 'rp-basic' })),
      () => other.send(new UpdateUserSecurityProfilesCommand({ ...ref, SecurityProfileIds: ['sp-agent'] })),
      () => other.send(new DeleteUserCommand(ref)),
    ]) {
      await expectError(call(), 'AccessDeniedException', 403);
    }
    await expectError(
      other.send(new DescribeUserCommand({ InstanceId: ts.otherInstance.id, UserId })),
      'ResourceNotFoundException',
      404,
    );
    expect((await other.send(new ListUsersCommand({ InstanceId: ts.otherInstance.id }))).UserSummaryList).toEqual([]);
    // Profiles of this instance are not references the other instance can use.
    await expectError(
      other.send(new CreateUserCommand({ ...base(), InstanceId: ts.otherInstance.id, Username: 'mallory' })),
      'InvalidParameterException',
      400,
    );
  });
});
