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
import { idFromIdOrArn, parseArn, resourceArn } from '@switchboard/core';
import { z } from 'zod';
import { type Handler, parse } from './command-context.js';

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
