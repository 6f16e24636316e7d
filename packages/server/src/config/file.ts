/**
 * Reading the instance configuration file: YAML (JSON is YAML too), then validateConfig.
 * Every problem comes back as a ConfigIssue with its line and column in the file, so the
 * CLI can print `FILE:LINE:COL: path: message`.
 */
import { readFile } from 'node:fs/promises';
import {
  type ConfigIssue,
  type ConfigPathSegment,
  type ConfigValidationResult,
  parseConfigPath,
  validateConfig,
} from '@switchboard/core';
import { type Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type ConfigFileResult = ConfigValidationResult;

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

/** Reads, parses and validates a configuration file. Never throws. */
export async function readConfigFile(path: string): Promise<ConfigFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = (e.code && READ_ERRORS[e.code]) ?? e.message ?? String(err);
    return { ok: false, issues: [{ path: '', message: `cannot read ${path}: ${why}` }] };
  }
  return parseConfigText(text);
}

/** Parses and validates the text of a configuration file (YAML or JSON). Never throws. */
export function parseConfigText(text: string): ConfigFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
  const pos = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e): ConfigIssue => {
        const where = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return {
          path: '',
          message: `YAML syntax error: ${syntaxMessage(e.code, e.message)}`,
          line: where.line,
          column: where.col,
        };
      }),
    };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { ok: false, issues: [{ path: '', message: `cannot load the YAML: ${(err as Error).message}` }] };
  }
  if (data === null || data === undefined) {
    return {
      ok: false,
      issues: [{ path: '', message: 'the file is empty: it needs at least an instance: section', line: 1, column: 1 }],
    };
  }

  const result = validateConfig(data);
  if (result.ok) return result;
  const located = result.issues.map((issue) => {
    const segments = parseConfigPath(issue.path);
    const offset = segments ? offsetOf(doc, segments) : undefined;
    return offset === undefined ? issue : { ...issue, ...pos(offset) };
  });
  // In reading order (stable: validateConfig's order among issues at the same place).
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, issues: located };
}

/** yaml's message without its position suffix and code frame; some reworded. */
function syntaxMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file must hold one YAML document (remove the "---" separator and what follows)';
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where the value at `path` starts in the source; for a path that does not exist (a
 * missing key), where the deepest existing part of it starts.
 */
function offsetOf(doc: Document, path: readonly ConfigPathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const seg of path) {
    for (let n = 0; isAlias(node) && n < 10; n++) node = node.resolve(doc);
    let next: unknown;
    let keyStart: number | undefined;
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
      if (pair) {
        keyStart = rangeStart(pair.key);
        next = pair.value;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined && keyStart === undefined) return best;
    const start = rangeStart(next);
    if (start === undefined || (isScalar(next) && next.value === null && keyStart !== undefined)) {
      // `key:` with no value: point at the key.
      return keyStart ?? best;
    }
    best = start;
    node = next;
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}
