/** Security profiles (read-only) through the unmodified @aws-sdk/client-connect, on every backend. */
import {
  DescribeSecurityProfileCommand,
  ListSecurityProfilePermissionsCommand,
  ListSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import type { SecurityProfile } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

const PERMISSIONS = Array.from({ length: 12 }, (_, i) => `Permission.${String(i).padStart(2, '0')}`);

describe.each(backends)('security profiles on $name', (backend) => {
  let ts: TestServer;
  let instanceId: string;
  let arnPrefix: string;
  const modified = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
  const profile = (i: number): SecurityProfile => ({
    id: `5ec0f11e-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
    name: `Profile ${String(i).padStart(2, '0')}`,
    ...(i === 0 ? { description: 'Everything' } : {}),
    tags: i === 0 ? { tier: 'gold' } : {},
    lastModifiedTime: modified,
    permissions: i === 0 ? PERMISSIONS : ['BasicAgentAccess'],
  });

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    instanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}`;
    for (let i = 0; i < 12; i++) await ts.store.resources.create(instanceId, 'securityProfile', profile(i));
  });
  afterAll(async () => ts?.close());

  it('DescribeSecurityProfile returns every field', async () => {
    const id = profile(0).id;
    const { SecurityProfile: p } = await ts.client.send(
      new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: id }),
    );
    expect(p?.Id).toBe(id);
    expect(p?.Arn).toBe(`${arnPrefix}/security-profile/${id}`);
    expect(p?.SecurityProfileName).toBe('Profile 00');
    expect(p?.Description).toBe('Everything');
    expect(p?.OrganizationResourceId).toBe(instanceId);
    expect(p?.Tags).toEqual({ tier: 'gold' });
    expect(p?.LastModifiedTime).toBeInstanceOf(Date);
    expect(p?.LastModifiedTime?.getTime()).toBe(modified);
    expect(p?.LastModifiedRegion).toBe('us-east-1');
  });

  it('ListSecurityProfiles pages through every profile exactly once', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ts.client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, MaxResults: 5, NextToken }));
      pages++;
      expect(page.SecurityProfileSummaryList?.length).toBe(pages < 3 ? 5 : 2);
      for (const s of page.SecurityProfileSummaryList ?? []) {
        expect(s.Arn).toBe(`${arnPrefix}/security-profile/${s.Id}`);
        expect(s.LastModifiedTime?.getTime()).toBe(modified);
        expect(s.LastModifiedRegion).toBe('us-east-1');
        seen.push(s.Name as string);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => profile(i).name));
  });

  it('ListSecurityProfilePermissions pages through the permissions', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ts.client.send(
        new ListSecurityProfilePermissionsCommand({
          InstanceId: instanceId,
          SecurityProfileId: profile(0).id,
          MaxResults: 5,
          NextToken,
        }),
      );
      pages++;
      expect(page.LastModifiedTime?.getTime()).toBe(modified);
      expect(page.LastModifiedRegion).toBe('us-east-1');
      seen.push(...(page.Permissions ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(PERMISSIONS);
    const one = await ts.client.send(
      new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: profile(1).id }),
    );
    expect(one.Permissions).toEqual(['BasicAgentAccess']);
    expect(one.NextToken).toBeUndefined();
  });

  it('unknown profiles are ResourceNotFound; bad paging is InvalidParameter', async () => {
    await expectError(
      ts.client.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, MaxResults: 1001 })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, NextToken: 'nope' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new ListSecurityProfilePermissionsCommand({
          InstanceId: instanceId,
          SecurityProfileId: profile(0).id,
          NextToken: 'nope',
        }),
      ),
      'InvalidParameterException',
      400,
    );
  });

  it("another key cannot read this instance's profiles", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const id = profile(0).id;
    await expectError(other.send(new ListSecurityProfilesCommand({ InstanceId: instanceId })), 'AccessDeniedException', 403);
    await expectError(
      other.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: id })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      other.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: id })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      other.send(new DescribeSecurityProfileCommand({ InstanceId: ts.otherInstance.id, SecurityProfileId: id })),
      'ResourceNotFoundException',
      404,
    );
    expect(
      (await other.send(new ListSecurityProfilesCommand({ InstanceId: ts.otherInstance.id }))).SecurityProfileSummaryList,
    ).toEqual([]);
  });
});
