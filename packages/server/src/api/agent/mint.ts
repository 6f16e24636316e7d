/**
 * `POST /agent-tokens/{InstanceId}/{UserId}` (SigV4, like the admin API): a short-lived
 * agent session token for tests and for embedding the CCP without a password prompt.
 * Not a Connect operation; Switchboard's own.
 */
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, requireInstance, requireResource } from '../admin/context.js';
import { DEFAULT_SESSION_TTL_MS, MAX_SESSION_TTL_MS, type AgentSessions } from './sessions.js';

export const mintAgentTokenOperation = (sessions: AgentSessions) =>
  defineOperation<AdminContext>()({
    name: 'MintAgentToken',
    method: 'POST',
    path: '/agent-tokens/{InstanceId}/{UserId}',
    input: z.object({
      InstanceId: z.string().min(1).max(250),
      UserId: z.string().min(1).max(250),
      ExpiresInSeconds: z
        .int()
        .min(60)
        .max(MAX_SESSION_TTL_MS / 1000)
        .optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const user = await requireResource(ctx, instance, 'user', input.UserId);
      const ttl = (input.ExpiresInSeconds ?? DEFAULT_SESSION_TTL_MS / 1000) * 1000;
      const s = await sessions.issue(instance.id, user, ttl);
      return { Token: s.token, Expiry: s.expiresAt / 1000, UserId: user.id, InstanceId: instance.id };
    },
  });
