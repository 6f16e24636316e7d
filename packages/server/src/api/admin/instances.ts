/** ListInstances, DescribeInstance. */
import { type Instance, instanceArn } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, canSee, coords, epochSeconds, pageRequest, requireInstance } from './context.js';
import { pageOf } from './paging.js';
import { InstanceId, MaxResults, NextToken, PAGING_QUERY } from './shapes.js';

const op = defineOperation<AdminContext>();

const summary = (i: Instance, ctx: AdminContext) => ({
  Id: i.id,
  Arn: instanceArn(coords(i)),
  IdentityManagementType: 'CONNECT_MANAGED',
  InstanceAlias: i.alias,
  CreatedTime: epochSeconds(i.createdTime),
  ServiceRole: `arn:aws:iam::${i.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`,
  InstanceStatus: 'ACTIVE',
  InboundCallsEnabled: true,
  OutboundCallsEnabled: true,
  InstanceAccessUrl: `${ctx.publicUrl()}/connect/`,
});

async function allInstances(ctx: AdminContext): Promise<Instance[]> {
  const out: Instance[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.store.instances.list({ limit: 1000, ...(nextToken ? { nextToken } : {}) });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

export const instanceOperations = [
  op({
    name: 'ListInstances',
    method: 'GET',
    path: '/instance',
    query: PAGING_QUERY,
    input: z.object({ MaxResults: MaxResults(10), NextToken }),
    handler: async (input, ctx) => {
      const visible = (await allInstances(ctx)).filter((i) => canSee(ctx.principal, i.id));
      const page = pageOf(visible, pageRequest(input.MaxResults ?? 10, input.NextToken));
      return { InstanceSummaryList: page.items.map((i) => summary(i, ctx)), NextToken: page.nextToken };
    },
  }),
  op({
    name: 'DescribeInstance',
    method: 'GET',
    path: '/instance/{InstanceId}',
    input: z.object({ InstanceId }),
    handler: async (input, ctx) => {
      const i = await requireInstance(ctx, input.InstanceId);
      return { Instance: { ...summary(i, ctx), Tags: i.tags } };
    },
  }),
];
