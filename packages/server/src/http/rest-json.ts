/**
 * Serves restJson1 operations on Fastify: assembles the input from path labels, query
 * string and JSON body the way the Smithy model binds them, validates it, authenticates
 * through `authorize`, runs the handler and writes the JSON output.
 */
import { InvalidParameterException, SerializationException } from '@switchboard/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Operation, pathLabels, type QueryKind, toRoutePath } from './operation.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw body bytes (every content type is read as a buffer; see app.ts). */
    rawBody?: Buffer;
  }
}

export interface RestJsonOptions<Ctx> {
  /** Authenticates the request and builds the handler context; throws a ServiceError to refuse. */
  readonly authorize: (req: FastifyRequest, op: Operation<Ctx>) => Promise<Ctx>;
  /** The error a malformed input answers (Connect: InvalidParameterException; participant: ValidationException). */
  readonly invalidInput?: (message: string) => Error;
  /** Runs after a successful handler, before the answer (e.g. reload routing after a change). */
  readonly after?: (op: Operation<Ctx>, input: Record<string, unknown>, ctx: Ctx) => Promise<void>;
}

const readQuery = (value: unknown, kind: QueryKind): unknown => {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  if (kind === 'list') return values;
  const single = values[values.length - 1] ?? '';
  if (kind === 'int') {
    if (!/^-?\d{1,15}$/.test(single))
      throw new InvalidParameterException(`Query parameter must be an integer, got "${single.slice(0, 40)}"`);
    return Number(single);
  }
  return single;
};

export const parseBody = (raw: Buffer | undefined): Record<string, unknown> => {
  if (!raw || raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SerializationException('The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new SerializationException('The request body must be a JSON object');
  return parsed as Record<string, unknown>;
};

/** `1 validation error detected: Value at 'Name' failed to satisfy constraint: …` like AWS. */
export const formatValidationIssues = (issues: readonly z.core.$ZodIssue[]): string => {
  const parts = issues.slice(0, 5).map((i) => {
    const at = i.path.length ? i.path.map(String).join('.') : 'input';
    return `Value at '${at}' failed to satisfy constraint: ${i.message}`;
  });
  const n = issues.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
};

/** Postgres cannot store U+0000 in text, and no Connect identifier or name contains it. */
export const hasNul = (v: unknown, depth = 0): boolean => {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
};

export const assembleInput = (
  op: Operation<unknown>,
  params: Record<string, string>,
  query: Record<string, unknown>,
  rawBody: Buffer | undefined,
  labels: readonly string[] = pathLabels(op.path),
): Record<string, unknown> => {
  const withBody = op.method !== 'GET' && op.method !== 'DELETE';
  const input: Record<string, unknown> = withBody ? parseBody(rawBody) : {};
  // JSON can carry U+0000 only as the escape \u0000 (a raw control character is invalid),
  // so a body without that text needs no walk; the rare one with it (or with a literal
  // backslash before "u0000") is walked. Path labels and query values are checked apiece.
  let nul = withBody && rawBody?.includes('\\u0000') === true && hasNul(input);
  for (const label of labels) {
    const v = params[label];
    input[label] = v;
    nul ||= hasNul(v);
  }
  for (const [member, [name, kind]] of Object.entries(op.query ?? {})) {
    const v = readQuery(query[name], kind);
    if (v === undefined) continue;
    input[member] = v;
    nul ||= hasNul(v);
  }
  if (nul) throw new InvalidParameterException('Values must not contain the NUL character (U+0000)');
  return input;
};

/** The operation's input, validated by its schema; `invalid` makes the error a bad input answers. */
export const validInput = <Ctx>(
  op: Operation<Ctx>,
  raw: Record<string, unknown>,
  invalid: (message: string) => Error = (message) => new InvalidParameterException(message),
): unknown => {
  const parsed = op.input.safeParse(raw);
  if (!parsed.success) throw invalid(formatValidationIssues(parsed.error.issues));
  return parsed.data;
};

export function registerRestJson<Ctx>(app: FastifyInstance, ops: readonly Operation<Ctx>[], opts: RestJsonOptions<Ctx>): void {
  for (const op of ops) {
    const labels = pathLabels(op.path);
    app.route({
      method: op.method,
      url: toRoutePath(op.path),
      handler: async (req, reply) => {
        const ctx = await opts.authorize(req, op);
        const raw = assembleInput(
          op as Operation<unknown>,
          req.params as Record<string, string>,
          req.query as Record<string, unknown>,
          req.rawBody,
          labels,
        );
        const input = validInput(op, raw, opts.invalidInput);
        const output = await op.handler(input, ctx);
        if (opts.after) await opts.after(op, input as Record<string, unknown>, ctx);
        reply.header('content-type', 'application/json');
        return output ?? {};
      },
    });
  }
}
