/**
 * The agent API over HTTP (docs/agent-api.md): sign in / out / refresh, the snapshot,
 * and every command as `POST /agent/v1/commands/{method}`. The websocket (socket.ts)
 * pushes the agent's data (a whole snapshot, then deltas) and takes the same commands.
 */
import { InvalidParameterException, ServiceError } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../../http/rest-json.js';
import type { RoutingService } from '../../routing/service.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import type { VoiceControl } from '../../voice/calls.js';
import type { RecordingControl } from '../../voice/recordings.js';
import { type AgentAdminContext, runCommand } from './commands.js';
import type { AgentSessions, IssuedSession } from './sessions.js';

export const SESSION_COOKIE = 'sb_agent';

export interface AgentApiDeps {
  readonly sessions: AgentSessions;
  readonly routing: RoutingService;
  readonly now: () => number;
  /** Set the cookie's Secure flag (when served over https). */
  readonly secureCookies: boolean;
  readonly admin: AgentAdminContext;
  /** Voice contacts' calls (hold, mute). */
  readonly voice: VoiceControl;
  /** Voice contacts' recordings (the agent's pause button). */
  readonly recording?: RecordingControl;
}

/** The session token of a request: `Authorization: Bearer`, `X-Amz-Bearer`, or the cookie. */
export function tokenOf(headers: Record<string, string | string[] | undefined>, query?: unknown): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const bearer = headers['x-amz-bearer'];
  if (typeof bearer === 'string' && bearer) return bearer;
  const q = (query as { token?: unknown } | undefined)?.token;
  if (typeof q === 'string' && q) return q;
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k !== SESSION_COOKIE) continue;
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined; // not valid percent-encoding: no session (403), never a 500
      }
    }
  }
  return undefined;
}

const noNul = (s: string) => !s.includes('\u0000');
const LoginInput = z.strictObject({
  instance: z.string().min(1).max(100).refine(noNul, 'must not contain NUL').optional(),
  username: z.string().min(1).max(100).refine(noNul, 'must not contain NUL'),
  password: z.string().min(1).max(200).refine(noNul, 'must not contain NUL'),
});

function parseInput<T extends z.ZodType>(schema: T, req: FastifyRequest): z.output<T> {
  const r = schema.safeParse(parseBody(req.rawBody));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InvalidParameterException(`${i?.path.join('.') || 'body'}: ${i?.message ?? 'invalid'}`);
  }
  return r.data;
}

export function registerAgentApi(app: FastifyInstance, deps: AgentApiDeps): void {
  const answerSession = (reply: FastifyReply, s: IssuedSession) => {
    const maxAge = Math.max(0, Math.floor((s.expiresAt - deps.now()) / 1000));
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${encodeURIComponent(s.token)}; Path=/; HttpOnly; SameSite=${deps.secureCookies ? 'None; Secure' : 'Lax'}; Max-Age=${maxAge}`,
    );
    return { token: s.token, expiresAt: new Date(s.expiresAt).toISOString(), instanceId: s.instanceId, userId: s.userId };
  };

  app.post('/agent/v1/login', async (req, reply) => {
    const input = parseInput(LoginInput, req);
    return answerSession(reply, await deps.sessions.login(input.instance, input.username, input.password));
  });

  app.post('/agent/v1/refresh', async (req, reply) => answerSession(reply, await deps.sessions.refresh(tokenOf(req.headers))));

  app.post('/agent/v1/logout', async (req, reply) => {
    await deps.sessions.logout(tokenOf(req.headers));
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0`);
    return {};
  });

  app.get('/agent/v1/snapshot', async (req) => {
    const s = await deps.sessions.verify(tokenOf(req.headers));
    const ir = deps.routing.instance(s.instanceId);
    return { version: ir.version(s.userId), data: ir.agentData(s.userId) };
  });

  app.post<{ Params: { method: string } }>('/agent/v1/commands/:method', async (req) => {
    const s = await deps.sessions.verify(tokenOf(req.headers));
    const params = parseBody(req.rawBody);
    return (
      (await runCommand(req.params.method, params, {
        ir: deps.routing.instance(s.instanceId),
        session: s,
        newId: timeOrderedId,
        now: deps.now,
        log: req.log,
        admin: () => deps.admin(s),
        voice: deps.voice,
        ...(deps.recording ? { recording: deps.recording } : {}),
      })) ?? {}
    );
  });
}

/** A command error as the websocket and the CCP page carry it. */
export const errorBody = (err: unknown): { type: string; message: string } =>
  err instanceof ServiceError
    ? { type: err.name, message: err.message }
    : { type: 'InternalServiceException', message: 'An internal error occurred' };
