/**
 * What every agent command handler works with: the signed-in agent, their instance's
 * routing, and the checks commands share (parameters, the agent's own contact).
 */
import {
  AccessDeniedException,
  type ContactRuntime,
  InvalidParameterException,
  ResourceNotFoundException,
} from '@switchboard/core';
import type { z } from 'zod';
import type { InstanceRouting } from '../../routing/instance.js';
import type { VoiceControl } from '../../voice/calls.js';
import type { RecordingControl } from '../../voice/recordings.js';
import type { AdminContext } from '../admin/context.js';

export interface AgentSession {
  readonly instanceId: string;
  readonly userId: string;
}

export interface CommandContext {
  readonly ir: InstanceRouting;
  readonly session: AgentSession;
  readonly newId: () => string;
  readonly now: () => number;
  readonly log: { info(obj: unknown, msg?: string): void };
  /**
   * A Connect API context limited to the agent's instance, for the commands that run a
   * Connect API operation for the agent (tasks.ts).
   */
  readonly admin: () => AdminContext;
  /** Voice contacts' calls: hold, resume, mute (voice.ts). */
  readonly voice: VoiceControl;
  /** Voice contacts' recordings: pause, resume (recording.ts); absent, the commands refuse. */
  readonly recording?: RecordingControl;
}

/** Builds a command's Connect API context for one agent session. */
export type AgentAdminContext = (session: AgentSession) => AdminContext;

export type Handler = (params: unknown, ctx: CommandContext) => Promise<unknown>;

/** The params, parsed; the first problem answers InvalidParameterException. */
export function parse<T extends z.ZodType>(schema: T, params: unknown): z.output<T> {
  const r = schema.safeParse(params ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InvalidParameterException(`${i?.path.join('.') || 'params'}: ${i?.message ?? 'invalid'}`);
  }
  return r.data;
}

/** The contact, which must be one of this agent's. */
export function ownContact(ctx: CommandContext, contactId: string): ContactRuntime | undefined {
  const agent = ctx.ir.engine.agent(ctx.session.userId);
  const mine = agent?.assignments.some((x) => x.contactId === contactId);
  if (mine) return ctx.ir.engine.contact(contactId);
  const exists = ctx.ir.engine.contact(contactId) ?? ctx.ir.docs.get(contactId);
  if (exists) throw new AccessDeniedException(`Contact ${contactId} is not assigned to you`);
  throw new ResourceNotFoundException(`Contact not found: ${contactId}`);
}
