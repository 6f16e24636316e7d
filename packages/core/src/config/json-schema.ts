/** The configuration file's JSON Schema, for editors (checked in as docs/config.schema.json). */
import { z } from 'zod';
import { InstanceConfigSchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of the file as written: defaults are optional and shown as
 * `default`. It checks shapes only; names referred to and other cross-resource rules are
 * checked by validateConfig (`switchboard config validate FILE`).
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(InstanceConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
