/**
 * docs/config.schema.json is generated from the zod schema and checked in, for editors.
 * When this test fails after a schema change, regenerate the file:
 *
 *   UPDATE_SCHEMA=1 npx vitest run packages/core/src/config/json-schema.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo.js';
import { configJsonSchema } from './json-schema.js';

const FILE = fileURLToPath(new URL('../../../../docs/config.schema.json', import.meta.url));

describe('docs/config.schema.json', () => {
  it('equals the schema generated from the zod schema', () => {
    const generated = configJsonSchema();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(FILE, `${JSON.stringify(generated, null, 2)}\n`);
    let committed: unknown;
    try {
      committed = JSON.parse(readFileSync(FILE, 'utf8'));
    } catch (err) {
      throw new Error(
        `cannot read ${FILE} (${String(err)}); regenerate it with: UPDATE_SCHEMA=1 npx vitest run packages/core/src/config/json-schema.test.ts`,
      );
    }
    expect(
      committed,
      'docs/config.schema.json is out of date; regenerate it with: UPDATE_SCHEMA=1 npx vitest run packages/core/src/config/json-schema.test.ts',
    ).toStrictEqual(generated);
  });

  it('is an input schema: defaults are optional, unknown keys are refused', () => {
    const s = configJsonSchema() as {
      required?: string[];
      additionalProperties?: boolean;
      properties: Record<string, { default?: unknown }>;
    };
    expect(s.required).toStrictEqual(['instance']);
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.queues?.default).toStrictEqual([]);
    expect(s.properties.agentStatuses?.default).toStrictEqual([
      { name: 'Available', type: 'ROUTABLE', enabled: true },
      { name: 'Offline', type: 'OFFLINE', enabled: true },
    ]);
  });

  it('mentions every top-level section of the demo', () => {
    const s = configJsonSchema() as { properties: Record<string, unknown> };
    for (const key of Object.keys(demoConfig)) expect(s.properties).toHaveProperty(key);
  });
});
