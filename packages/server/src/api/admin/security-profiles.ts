/**
 * ListSecurityProfiles, DescribeSecurityProfile, ListSecurityProfilePermissions.
 * Read-only: security profiles come from the instance file.
 */
import { type Instance, resourceArn, type SecurityProfile } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, coords, epochSeconds, pageRequest, requireInstance, requireResource } from './context.js';
import { pageOf } from './paging.js';
import { Id, InstanceId, MaxResults, NextToken, PAGING_QUERY } from './shapes.js';

const op = defineOperation<AdminContext>();

const toWire = (p: SecurityProfile, instance: Instance) => ({
  Id: p.id,
  Arn: resourceArn(coords(instance), 'securityProfile', p.id),
  SecurityProfileName: p.name,
  Description: p.description,
  OrganizationResourceId: instance.id,
  Tags: p.tags,
  LastModifiedTime: epochSeconds(p.lastModifiedTime),
  LastModifiedRegion: instance.region,
});

export const securityProfileOperations = [
  op({
    name: 'ListSecurityProfiles',
    method: 'GET',
    path: '/security-profiles-summary/{InstanceId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const page = await ctx.store.resources.list(instance.id, 'securityProfile', pageRequest(input.MaxResults, input.NextToken));
      return {
        SecurityProfileSummaryList: page.items.map((p) => {
          const w = toWire(p, instance);
          return {
            Id: w.Id,
            Arn: w.Arn,
            Name: w.SecurityProfileName,
            LastModifiedTime: w.LastModifiedTime,
            LastModifiedRegion: w.LastModifiedRegion,
          };
        }),
        NextToken: page.nextToken,
      };
    },
  }),
  op({
    name: 'DescribeSecurityProfile',
    method: 'GET',
    path: '/security-profiles/{InstanceId}/{SecurityProfileId}',
    input: z.object({ InstanceId, SecurityProfileId: Id }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return {
        SecurityProfile: toWire(await requireResource(ctx, instance, 'securityProfile', input.SecurityProfileId), instance),
      };
    },
  }),
  op({
    name: 'ListSecurityProfilePermissions',
    method: 'GET',
    path: '/security-profiles-permissions/{InstanceId}/{SecurityProfileId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, SecurityProfileId: Id, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const profile = await requireResource(ctx, instance, 'securityProfile', input.SecurityProfileId);
      const page = pageOf(profile.permissions, pageRequest(input.MaxResults, input.NextToken));
      return {
        Permissions: [...page.items],
        NextToken: page.nextToken,
        LastModifiedTime: epochSeconds(profile.lastModifiedTime),
        LastModifiedRegion: instance.region,
      };
    },
  }),
];
