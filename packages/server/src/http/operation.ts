/**
 * An AWS restJson1 operation as the server sees it: where its input members come from
 * (path labels, query string, JSON body), how they are validated, and the handler, a
 * plain `(input, ctx) => Promise<output>` with no knowledge of HTTP.
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** How a query parameter is read: a single string, an integer, or a repeated list. */
export type QueryKind = 'string' | 'int' | 'list';

export interface Operation<Ctx, S extends z.ZodType = z.ZodType, O = unknown> {
  /** The AWS operation name, e.g. `CreateQueue`. */
  readonly name: string;
  readonly method: HttpMethod;
  /** The modelled path with `{Label}` placeholders, e.g. `/queues/{InstanceId}/{QueueId}`. */
  readonly path: string;
  /** Input member → [query parameter name, kind]. */
  readonly query?: Readonly<Record<string, readonly [string, QueryKind]>>;
  /** Validates the merged input (labels + query + body). */
  readonly input: S;
  readonly handler: (input: z.output<S>, ctx: Ctx) => Promise<O>;
}

/** Helps TypeScript infer the handler's input type from the schema. */
export const defineOperation =
  <Ctx>() =>
  <S extends z.ZodType, O>(op: Operation<Ctx, S, O>): Operation<Ctx, S, O> =>
    op;

/** `{Label}` path segments of a modelled path. */
export const pathLabels = (path: string): string[] => [...path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => m[1] as string);

/** `/queues/{InstanceId}` → `/queues/:InstanceId` (Fastify's syntax). */
export const toRoutePath = (path: string): string => path.replace(/\{([A-Za-z0-9]+)\}/g, ':$1');
