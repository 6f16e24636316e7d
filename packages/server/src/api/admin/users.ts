/**
 * CreateUser, DescribeUser, UpdateUserIdentityInfo, UpdateUserPhoneConfig,
 * UpdateUserRoutingProfile, UpdateUserSecurityProfiles, DeleteUser, ListUsers.
 *
 * Phone settings: `phoneConfig` is the legacy PhoneConfig (and the fallback for every
 * channel); `autoAccept` / `afterContactWorkTimeLimit` hold explicit per-channel values
 * from AutoAcceptConfigs / AfterContactWorkConfigs. DescribeUser shows PhoneConfig with
 * the effective VOICE values and the per-channel lists with every channel's effective value.
 */
import {
  CHANNELS,
  type Channel,
  DuplicateResourceException,
  type Instance,
  InvalidParameterException,
  resourceArn,
  type User,
  type UserPhoneConfig,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import {
  type AdminContext,
  coords,
  epochSeconds,
  pageRequest,
  requireInstance,
  requireReferences,
  requireResource,
  updateResource,
  requireReference,
} from './context.js';
import { Channel as ChannelShape, Id, InstanceId, MaxResults, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const E164 = /^\+[1-9]\d{1,14}$/;
const Username = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-zA-Z0-9_\-.@]+$/, 'Username may contain only letters, digits and _ - . @');
/** Connect's rule for CONNECT_MANAGED passwords. */
const Password = z
  .string()
  .regex(
    /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/,
    'Password must be 8-64 characters and contain an uppercase letter, a lowercase letter and a digit',
  );
const IdentityInfo = z.object({
  FirstName: z.string().min(1).max(100).optional(),
  LastName: z.string().min(1).max(100).optional(),
  Email: z.string().optional(),
  SecondaryEmail: z.string().optional(),
  Mobile: z.string().regex(E164, 'Mobile must be an E.164 number').optional(),
});
const AcwSeconds = z.number().int().min(0);
const PhoneConfig = z.object({
  PhoneType: z.enum(['SOFT_PHONE', 'DESK_PHONE']),
  AutoAccept: z.boolean().optional(),
  AfterContactWorkTimeLimit: AcwSeconds.optional(),
  DeskPhoneNumber: z.string().regex(E164, 'DeskPhoneNumber must be an E.164 number').optional(),
});
const SecurityProfileIds = z.array(Id).min(1).max(10);
const AutoAcceptConfigs = z.array(z.object({ Channel: ChannelShape, AutoAccept: z.boolean() })).optional();
const AfterContactWorkConfigs = z
  .array(
    z.object({
      Channel: ChannelShape,
      AfterContactWorkConfig: z.object({ AfterContactWorkTimeLimit: AcwSeconds.optional() }),
    }),
  )
  .optional();
const PhoneNumberConfigs = z
  .array(
    z.object({
      Channel: z.literal('VOICE', 'Only the VOICE channel has phone number settings'),
      PhoneType: PhoneConfig.shape.PhoneType,
      PhoneNumber: PhoneConfig.shape.DeskPhoneNumber,
    }),
  )
  .max(1)
  .optional();
const UserRef = { InstanceId, UserId: Id };

type PhoneConfigInput = z.output<typeof PhoneConfig>;

const toPhoneConfig = (p: PhoneConfigInput): UserPhoneConfig => {
  if (p.PhoneType === 'DESK_PHONE' && !p.DeskPhoneNumber)
    throw new InvalidParameterException('PhoneConfig.DeskPhoneNumber is required when PhoneType is DESK_PHONE');
  return {
    phoneType: p.PhoneType,
    autoAccept: p.AutoAccept ?? false,
    afterContactWorkTimeLimit: p.AfterContactWorkTimeLimit ?? 0,
    ...(p.DeskPhoneNumber ? { deskPhoneNumber: p.DeskPhoneNumber } : {}),
  };
};

/** A per-channel list as a map, refusing a channel named twice. */
function perChannel<T, V>(list: readonly T[] | undefined, channel: (t: T) => Channel, value: (t: T) => V, member: string) {
  const out: Partial<Record<Channel, V>> = {};
  for (const item of list ?? []) {
    const ch = channel(item);
    if (ch in out) throw new InvalidParameterException(`${member}: channel ${ch} is listed more than once`);
    out[ch] = value(item);
  }
  return out;
}

const identityInfo = (i: z.output<typeof IdentityInfo> | undefined): User['identityInfo'] => ({
  ...(i?.FirstName !== undefined ? { firstName: i.FirstName } : {}),
  ...(i?.LastName !== undefined ? { lastName: i.LastName } : {}),
  ...(i?.Email !== undefined ? { email: i.Email } : {}),
  ...(i?.SecondaryEmail !== undefined ? { secondaryEmail: i.SecondaryEmail } : {}),
  ...(i?.Mobile !== undefined ? { mobile: i.Mobile } : {}),
});

const effectiveAutoAccept = (u: User, ch: Channel): boolean => u.autoAccept[ch] ?? u.phoneConfig.autoAccept;
const effectiveAcw = (u: User, ch: Channel): number => u.afterContactWorkTimeLimit[ch] ?? u.phoneConfig.afterContactWorkTimeLimit;

const toWire = (u: User, instance: Instance) => ({
  Id: u.id,
  Arn: resourceArn(coords(instance), 'user', u.id),
  Username: u.name,
  IdentityInfo: {
    FirstName: u.identityInfo.firstName,
    LastName: u.identityInfo.lastName,
    Email: u.identityInfo.email,
    SecondaryEmail: u.identityInfo.secondaryEmail,
    Mobile: u.identityInfo.mobile,
  },
  PhoneConfig: {
    PhoneType: u.phoneConfig.phoneType,
    AutoAccept: effectiveAutoAccept(u, 'VOICE'),
    AfterContactWorkTimeLimit: effectiveAcw(u, 'VOICE'),
    DeskPhoneNumber: u.phoneConfig.deskPhoneNumber,
  },
  SecurityProfileIds: [...u.securityProfileIds],
  RoutingProfileId: u.routingProfileId,
  Tags: u.tags,
  AutoAcceptConfigs: CHANNELS.map((ch) => ({ Channel: ch, AutoAccept: effectiveAutoAccept(u, ch) })),
  AfterContactWorkConfigs: CHANNELS.map((ch) => ({
    Channel: ch,
    AfterContactWorkConfig: { AfterContactWorkTimeLimit: effectiveAcw(u, ch) },
  })),
  PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: u.phoneConfig.phoneType, PhoneNumber: u.phoneConfig.deskPhoneNumber }],
  LastModifiedTime: epochSeconds(u.lastModifiedTime),
  LastModifiedRegion: instance.region,
});

/** Loads a user, applies `change` and stores it with a fresh LastModifiedTime. */
/** Read-modify-write in a transaction: `change` must read through the context it is given. */
const updateUser = (
  ctx: AdminContext,
  input: { InstanceId: string; UserId: string },
  change: Parameters<typeof updateResource<'user'>>[4],
) => updateResource(ctx, input.InstanceId, 'user', input.UserId, change);

export const userOperations = [
  op({
    name: 'CreateUser',
    method: 'PUT',
    path: '/users/{InstanceId}',
    input: z.object({
      InstanceId,
      Username,
      Password: Password.optional(),
      IdentityInfo: IdentityInfo.optional(),
      PhoneConfig: PhoneConfig.optional(),
      SecurityProfileIds,
      RoutingProfileId: Id,
      HierarchyGroupId: Id.optional(),
      AutoAcceptConfigs,
      AfterContactWorkConfigs,
      PhoneNumberConfigs,
      Tags,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      if (input.Password === undefined)
        throw new InvalidParameterException('Password is required for users of a CONNECT_MANAGED instance');
      if (input.HierarchyGroupId !== undefined)
        throw new InvalidParameterException('HierarchyGroupId: user hierarchies are not supported');
      if (await ctx.store.resources.getByName(instance.id, 'user', input.Username))
        throw new DuplicateResourceException(`User ${input.Username} already exists`);
      const [routingProfileId] = await requireReferences(
        ctx,
        instance,
        'routingProfile',
        [input.RoutingProfileId],
        'RoutingProfileId',
      );
      const securityProfileIds = await requireReferences(
        ctx,
        instance,
        'securityProfile',
        input.SecurityProfileIds,
        'SecurityProfileIds',
      );
      const voiceNumber = input.PhoneNumberConfigs?.[0];
      const phoneConfig = toPhoneConfig({
        PhoneType: 'SOFT_PHONE',
        ...input.PhoneConfig,
        ...(voiceNumber ? { PhoneType: voiceNumber.PhoneType, DeskPhoneNumber: voiceNumber.PhoneNumber } : {}),
      });
      const user: User = {
        id: ctx.newId(),
        name: input.Username,
        tags: input.Tags ?? {},
        lastModifiedTime: ctx.now(),
        passwordHash: await ctx.hashPassword(input.Password),
        identityInfo: identityInfo(input.IdentityInfo),
        phoneConfig,
        routingProfileId: routingProfileId as string,
        securityProfileIds: [...new Set(securityProfileIds)],
        autoAccept: perChannel(
          input.AutoAcceptConfigs,
          (c) => c.Channel,
          (c) => c.AutoAccept,
          'AutoAcceptConfigs',
        ),
        afterContactWorkTimeLimit: perChannel(
          input.AfterContactWorkConfigs,
          (c) => c.Channel,
          (c) => c.AfterContactWorkConfig.AfterContactWorkTimeLimit ?? 0,
          'AfterContactWorkConfigs',
        ),
      };
      await ctx.store.resources.create(instance.id, 'user', user);
      return { UserId: user.id, UserArn: resourceArn(coords(instance), 'user', user.id) };
    },
  }),
  op({
    name: 'DescribeUser',
    method: 'GET',
    path: '/users/{InstanceId}/{UserId}',
    input: z.object(UserRef),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return { User: toWire(await requireResource(ctx, instance, 'user', input.UserId), instance) };
    },
  }),
  op({
    name: 'UpdateUserIdentityInfo',
    method: 'POST',
    path: '/users/{InstanceId}/{UserId}/identity-info',
    input: z.object({ ...UserRef, IdentityInfo }),
    handler: (input, ctx) => updateUser(ctx, input, async () => ({ identityInfo: identityInfo(input.IdentityInfo) })),
  }),
  op({
    name: 'UpdateUserPhoneConfig',
    method: 'POST',
    path: '/users/{InstanceId}/{UserId}/phone-config',
    input: z.object({ ...UserRef, PhoneConfig }),
    // PhoneConfig is the VOICE channel's setting: it replaces any per-channel VOICE value.
    handler: (input, ctx) =>
      updateUser(ctx, input, async (u) => {
        const { VOICE: _a, ...autoAccept } = u.autoAccept;
        const { VOICE: _b, ...afterContactWorkTimeLimit } = u.afterContactWorkTimeLimit;
        return { phoneConfig: toPhoneConfig(input.PhoneConfig), autoAccept, afterContactWorkTimeLimit };
      }),
  }),
  op({
    name: 'UpdateUserRoutingProfile',
    method: 'POST',
    path: '/users/{InstanceId}/{UserId}/routing-profile',
    input: z.object({ ...UserRef, RoutingProfileId: Id }),
    handler: (input, ctx) =>
      updateUser(ctx, input, async (_u, c, instance) => ({
        routingProfileId: await requireReference(c, instance, 'routingProfile', input.RoutingProfileId, 'RoutingProfileId'),
      })),
  }),
  op({
    name: 'UpdateUserSecurityProfiles',
    method: 'POST',
    path: '/users/{InstanceId}/{UserId}/security-profiles',
    input: z.object({ ...UserRef, SecurityProfileIds }),
    handler: (input, ctx) =>
      updateUser(ctx, input, async (_u, c, instance) => ({
        securityProfileIds: [
          ...new Set(await requireReferences(c, instance, 'securityProfile', input.SecurityProfileIds, 'SecurityProfileIds')),
        ],
      })),
  }),
  op({
    name: 'DeleteUser',
    method: 'DELETE',
    path: '/users/{InstanceId}/{UserId}',
    input: z.object(UserRef),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const user = await requireResource(ctx, instance, 'user', input.UserId);
      await ctx.store.resources.delete(instance.id, 'user', user.id);
      return {};
    },
  }),
  op({
    name: 'ListUsers',
    method: 'GET',
    path: '/users-summary/{InstanceId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const page = await ctx.store.resources.list(instance.id, 'user', pageRequest(input.MaxResults, input.NextToken));
      return {
        UserSummaryList: page.items.map((u) => {
          const w = toWire(u, instance);
          return {
            Id: w.Id,
            Arn: w.Arn,
            Username: w.Username,
            LastModifiedTime: w.LastModifiedTime,
            LastModifiedRegion: w.LastModifiedRegion,
          };
        }),
        NextToken: page.nextToken,
      };
    },
  }),
];
