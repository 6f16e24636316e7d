/**
 * `getEndpoints`: the quick connects of the agent's queues (or of the queues asked for), in
 * Streams' Endpoint shape (`{endpoints, addresses}`, the same list twice), for the transfer
 * dialog. Beyond Streams' fields, which clients that do not know them ignore:
 *
 * - an agent endpoint carries the agent's state as their own desktop shows it
 *   (`agentStatus: {name, type}`: Available, Break, Busy, AfterContactWork…; type is
 *   Streams' routable / not_routable / offline / system / error) and `agentOnline`
 *   (whether they have a desktop open: only then are they offered contacts);
 * - a queue endpoint carries `contactsWaiting`, the contacts waiting in the queue now.
 */
import {
  agentQueueId,
  idFromIdOrArn,
  InvalidParameterException,
  parseArn,
  type QuickConnect,
  ResourceNotFoundException,
  resourceArn,
} from '@switchboard/core';
import { z } from 'zod';
import { type CommandContext, type Handler, parse } from './command-context.js';

const Params = z.looseObject({ queueARNs: z.union([z.string(), z.array(z.string())]).optional() });

export const getEndpoints: Handler = async (params, ctx) => {
  const p = parse(Params, params);
  const cfg = ctx.ir.config;
  const engine = ctx.ir.engine;
  const user = cfg.users.get(ctx.session.userId);
  const profile = user ? cfg.profiles.get(user.routingProfileId) : undefined;
  const wanted = p.queueARNs === undefined ? undefined : Array.isArray(p.queueARNs) ? p.queueARNs : [p.queueARNs];
  const queueIds = new Set(
    wanted?.map((a) => parseArn(a)?.resourceId ?? idFromIdOrArn(a)) ?? profile?.queueConfigs.map((q) => q.queueId) ?? [],
  );
  const qcIds = new Set<string>();
  for (const id of queueIds) for (const qc of cfg.queues.get(id)?.quickConnectIds ?? []) qcIds.add(qc);
  const endpoints = [...qcIds]
    .map((id) => cfg.quickConnects.get(id))
    .filter((qc) => qc !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((qc) => {
      const endpointARN = resourceArn(cfg.coords, 'quickConnect', qc.id);
      const type = qc.type === 'USER' ? 'agent' : qc.type === 'QUEUE' ? 'queue' : 'phone_number';
      const agent = qc.userConfig ? engine.agent(qc.userConfig.userId) : undefined;
      return {
        endpointARN,
        endpointId: endpointARN,
        type,
        name: qc.name,
        ...(qc.phoneConfig ? { phoneNumber: qc.phoneConfig.phoneNumber } : {}),
        ...(qc.userConfig
          ? {
              agentLogin: cfg.users.get(qc.userConfig.userId)?.name ?? null,
              agentStatus: agent ? { name: agent.display.name, type: agent.display.type } : null,
              agentOnline: agent?.online ?? false,
            }
          : {}),
        ...(qc.queueConfig
          ? {
              queue: resourceArn(cfg.coords, 'queue', qc.queueConfig.queueId),
              contactsWaiting: engine.waitingCount(qc.queueConfig.queueId),
            }
          : {}),
      };
    });
  return { endpoints, addresses: endpoints, nextToken: null };
};

/**
 * Where a transfer or a consult to `endpoint` (a quick connect's ARN or id, as getEndpoints
 * gives them) goes: a queue, or the agent's personal queue. Phone numbers have no place to
 * go yet (no telephone network): InvalidParameterException.
 */
export function quickConnectTarget(
  ctx: CommandContext,
  endpoint: { readonly endpointARN?: string | undefined; readonly endpointId?: string | undefined },
  what: string,
): { readonly qc: QuickConnect; readonly queueId: string; readonly endpointARN: string } {
  const arn = endpoint.endpointARN ?? endpoint.endpointId;
  if (!arn) throw new InvalidParameterException('endpoint.endpointARN is required');
  const qc = ctx.ir.config.quickConnects.get(idFromIdOrArn(arn));
  if (!qc) throw new ResourceNotFoundException(`Quick connect not found: ${arn}`);
  const queueId =
    qc.type === 'QUEUE' && qc.queueConfig
      ? qc.queueConfig.queueId
      : qc.type === 'USER' && qc.userConfig
        ? agentQueueId(qc.userConfig.userId)
        : undefined;
  if (!queueId) throw new InvalidParameterException(`Quick connect ${qc.name} (${qc.type}) cannot take a ${what}`);
  return { qc, queueId, endpointARN: resourceArn(ctx.ir.config.coords, 'quickConnect', qc.id) };
}

/** Why a queue could not take a transfer or a consult, in words. */
export const REFUSED_WHY: Readonly<Record<string, string>> = {
  QUEUE_FULL: 'its queue is full',
  QUEUE_CLOSED: 'its queue is closed now',
  QUEUE_DISABLED: 'its queue is disabled',
};
