/**
 * Text formatting shared by the logger and the error classes: `sprintf` / `vsprintf`, and
 * `jsonSafe`, a JSON-ready deep copy that survives cycles (what the logger keeps of `withObject`).
 *
 * The runtime's `connect.sprintf` is sprintf.js 0.0.x (2013): placeholders `%s %d %f %e %b %c
 * %o %u %x %X` (`%o` is OCTAL, not an object dump) and `%%`, with `%1$s` positions,
 * `%(a.b[0])s` names, `+`, `0` / `'c` padding, `-`, width and `.precision`; every placeholder
 * but `%s` wants an argument of type number, and errors are thrown as strings. Ours formats
 * everything the runtime formats to the same text (its quirks included: `%05d` of -42 is
 * `00-42`), and goes further where the runtime throws: `%i` (as `%d`), `%j` (JSON, cycles
 * shown as `"[Circular]"`; a width is the indentation), numeric placeholders accept
 * number-like strings and bigints; what it still cannot format throws a SyntaxError or a
 * TypeError that says what and where.
 */

/** `jsonSafe` stops descending here and writes this marker instead. */
const MAX_DEPTH = 100;

/**
 * A deep copy of `value` made only of JSON data, as `JSON.parse(JSON.stringify(value))` would
 * give but never throwing: a cycle becomes `"[Circular]"`, nesting deeper than 100 `"[Too deep]"`,
 * an Error `{name, message, stack}`, a bigint its decimal string, a Map an object, a Set an
 * array; functions and symbols are dropped (null inside arrays), as JSON does. `toJSON` is honoured.
 */
export function jsonSafe(value: unknown): unknown {
  return copy(value, [], 0, false);
}

function copy(value: unknown, ancestors: object[], depth: number, inArray: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? null : undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.includes(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  let source: unknown = obj;
  try {
    if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') source = (obj as { toJSON(): unknown }).toJSON();
  } catch (e) {
    return `[toJSON failed: ${e instanceof Error ? e.message : String(e)}]`;
  }
  if (source !== obj) return copy(source, ancestors, depth, inArray);
  ancestors.push(obj);
  try {
    if (obj instanceof Error) {
      const out: Record<string, unknown> = { name: obj.name, message: obj.message };
      if (obj.stack !== undefined) out.stack = obj.stack;
      for (const [k, v] of Object.entries(obj)) {
        const c = copy(v, ancestors, depth + 1, false);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    if (Array.isArray(obj) || obj instanceof Set) {
      return Array.from(obj as Iterable<unknown>, (v) => copy(v, ancestors, depth + 1, true));
    }
    const entries: Iterable<[unknown, unknown]> = obj instanceof Map ? obj.entries() : Object.entries(obj);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const c = copy(v, ancestors, depth + 1, false);
      if (c !== undefined) out[String(k)] = c;
    }
    return out;
  } catch (e) {
    // A throwing getter or proxy: say so instead of failing the caller.
    return `[unreadable: ${e instanceof Error ? e.message : String(e)}]`;
  } finally {
    ancestors.pop();
  }
}

interface Placeholder {
  readonly position: number;
  readonly paramNo: number | undefined;
  readonly keys: readonly string[] | undefined;
  readonly plus: boolean;
  readonly padChar: string;
  readonly leftAlign: boolean;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly type: string;
}

type Token = string | Placeholder;

/** The runtime's placeholder grammar, with our `i` and `j` added to its types `[b-fosuxX]`. */
const PLACEHOLDER = /^%(?:([1-9]\d*)\$|\(([^)]+)\))?(\+)?(0|'[^$])?(-)?(\d+)?(?:\.(\d+))?([b-fijosuxX])/;

const parsed = new Map<string, readonly Token[]>();
const PARSE_CACHE_LIMIT = 500;

function parse(template: string): readonly Token[] {
  const cached = parsed.get(template);
  if (cached) return cached;
  const tokens: Token[] = [];
  let named = false;
  let positional = false;
  let i = 0;
  while (i < template.length) {
    const pct = template.indexOf('%', i);
    if (pct < 0) {
      tokens.push(template.slice(i));
      break;
    }
    if (pct > i) tokens.push(template.slice(i, pct));
    if (template[pct + 1] === '%') {
      tokens.push('%');
      i = pct + 2;
      continue;
    }
    const m = PLACEHOLDER.exec(template.slice(pct));
    if (!m) {
      throw new SyntaxError(`sprintf: unexpected placeholder at position ${pct} of ${JSON.stringify(template)}`);
    }
    let keys: string[] | undefined;
    if (m[2] !== undefined) {
      named = true;
      keys = parseKeys(m[2], template);
    } else {
      positional = true;
    }
    if (named && positional) {
      throw new SyntaxError(`sprintf: ${JSON.stringify(template)} mixes positional and named placeholders`);
    }
    const pad = m[4];
    tokens.push({
      position: pct,
      paramNo: m[1] === undefined ? undefined : Number(m[1]),
      keys,
      plus: m[3] !== undefined,
      padChar: pad === undefined ? ' ' : pad === '0' ? '0' : pad.charAt(1),
      leftAlign: m[5] !== undefined,
      width: m[6] === undefined ? undefined : Number(m[6]),
      precision: m[7] === undefined ? undefined : Number(m[7]),
      type: m[8]!,
    });
    i = pct + m[0].length;
  }
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
  parsed.set(template, tokens);
  return tokens;
}

/** `a.b[0].c` → `['a', 'b', '0', 'c']`. */
function parseKeys(path: string, template: string): string[] {
  const bad = () => new SyntaxError(`sprintf: bad named argument ${JSON.stringify(path)} in ${JSON.stringify(template)}`);
  const first = /^([a-z_][a-z_\d]*)/i.exec(path);
  if (!first) throw bad();
  const keys = [first[1]!];
  let rest = path.slice(first[0].length);
  while (rest !== '') {
    const m = /^\.([a-z_][a-z_\d]*)/i.exec(rest) ?? /^\[(\d+)\]/.exec(rest);
    if (!m) throw bad();
    keys.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  return keys;
}

const typeName = (v: unknown): string => Object.prototype.toString.call(v).slice(8, -1).toLowerCase();

/** The number a numeric placeholder formats: a number as is; a number-like string or a bigint converted; else undefined. */
function asNumber(arg: unknown): number | undefined {
  if (typeof arg === 'number') return arg;
  if (arg instanceof Number) return arg.valueOf();
  if (typeof arg === 'bigint') return Number(arg);
  if (typeof arg === 'string' && arg.trim() !== '' && !Number.isNaN(Number(arg))) return Number(arg);
  return undefined;
}

function convert(p: Placeholder, n: number): string {
  switch (p.type) {
    case 'b':
      return n.toString(2);
    case 'c':
      return String.fromCharCode(n);
    case 'd':
    case 'i':
      return String(parseInt(String(n), 10));
    case 'e':
      return p.precision ? n.toExponential(p.precision) : n.toExponential();
    case 'f':
      return p.precision ? n.toFixed(p.precision) : String(n);
    case 'o':
      return n.toString(8);
    case 'u':
      return String(n >>> 0);
    case 'x':
      return n.toString(16);
    default: // 'X'
      return n.toString(16).toUpperCase();
  }
}

function argument(token: Placeholder, args: readonly unknown[], next: number, template: string): unknown {
  if (!token.keys) return token.paramNo !== undefined ? args[token.paramNo - 1] : args[next];
  let arg = args[0];
  for (const key of token.keys) {
    if (arg === null || arg === undefined || !Object.hasOwn(arg, key)) {
      throw new TypeError(`sprintf: the named argument has no property "${key}" (${JSON.stringify(template)})`);
    }
    arg = (arg as Record<string, unknown>)[key];
  }
  return arg;
}

/**
 * Formats `template` with `args` as Streams' `connect.vsprintf` does (see the header for what
 * we add). Throws a SyntaxError for a placeholder it does not know (`%z`, a lone `%` at the end)
 * and a TypeError for a numeric placeholder whose argument is not a number, each saying what and
 * where. A missing argument of `%s` formats as `undefined`, as at runtime.
 */
export function vsprintf(template: string, args: readonly unknown[] = []): string {
  if (typeof template !== 'string') {
    throw new TypeError(`sprintf: the template must be a string, got ${typeName(template)}`);
  }
  let out = '';
  let next = 0;
  for (const token of parse(template)) {
    if (typeof token === 'string') {
      out += token;
      continue;
    }
    const arg = argument(token, args, next, template);
    if (!token.keys && token.paramNo === undefined) next++;
    if (token.type === 'j') {
      out += JSON.stringify(jsonSafe(arg), null, token.width ?? 0);
      continue;
    }
    let text: string;
    if (token.type === 's') {
      text = String(arg);
      if (token.precision) text = text.substring(0, token.precision);
    } else {
      const n = asNumber(arg);
      if (n === undefined) {
        throw new TypeError(
          `sprintf: %${token.type} at position ${token.position} of ${JSON.stringify(template)} expects a number, got ${typeName(arg)}`,
        );
      }
      text = convert(token, n);
      // The runtime's sign: '+' only when asked, put before the number, and padding goes before it all.
      if (token.plus && /[defi]/.test(token.type) && Number(text) >= 0) text = `+${text}`;
    }
    const missing = (token.width ?? 0) - text.length;
    const padding = token.width && missing > 0 ? token.padChar.repeat(missing) : '';
    out += token.leftAlign ? text + padding : padding + text;
  }
  return out;
}

/** `sprintf('%s has %d contacts', 'bob', 2)`: {@link vsprintf} with the arguments spread. */
export function sprintf(template: string, ...args: unknown[]): string {
  return vsprintf(template, args);
}
