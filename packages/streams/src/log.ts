/**
 * `connect.getLog()`: Streams' logger. Printf-style entries (`log.info('Contact %s accepted',
 * id).withObject(data)`) kept in memory, echoed to the console from a level, downloadable as
 * JSON. Runtime behaviour kept (release 2.28.2):
 * - every entry is kept, whatever the log level; the level (default INFO) is the minimum that
 *   is echoed, numbered (`line`) and kept by `download({filterByLogLevel: true})`;
 * - the echo level defaults to INFO, as the runtime's constructor sets it (so INFO and above
 *   reach the console unless `setEchoLevel` raises it);
 * - `critical()` writes an entry of level ERROR (the runtime does; there is no way to write
 *   CRITICAL but the level exists for `setLogLevel`);
 * - a first argument that is a `LogComponent` value (`'chat'`, …) is the entry's component;
 * - entry text and `withObject` copies are redacted as the runtime does (tokens, phone
 *   numbers, digits, e-mails in text; names, logins, tokens, attributes… in objects).
 * Where we differ, on purpose: the runtime rolls its logs every 30 minutes on a timer; we keep
 * a ring of the last {@link DEFAULT_LOG_CAPACITY} entries instead (no timer). A bad template
 * or argument never throws (the runtime swallows it and returns undefined, breaking chained
 * `.withObject`): the entry keeps the template and the arguments, and says why. `withObject`
 * survives cycles (the runtime's JSON copy throws). `download()` returns the JSON text, and
 * only in a browser also saves `<logName>.txt`; in Node it writes nothing.
 */
import { LogComponent, LogLevel } from './enums.js';
import { jsonSafe, vsprintf } from './format.js';

/** How many entries the logger keeps; the oldest go first. */
export const DEFAULT_LOG_CAPACITY = 10_000;

/** Ordering of the levels (the runtime's numbers). */
export const LOG_LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  TEST: 0,
  TRACE: 10,
  DEBUG: 20,
  INFO: 30,
  LOG: 40,
  WARN: 50,
  ERROR: 100,
  CRITICAL: 200,
};

const isLogLevel = (level: unknown): level is LogLevel => typeof level === 'string' && Object.hasOwn(LOG_LEVEL_ORDER, level);
const COMPONENTS: readonly string[] = Object.values(LogComponent);

/** An exception as an entry keeps it (the runtime's `LoggedException`, plus `name`). */
export interface LoggedException {
  /** The Error's name (`TypeError`, `StateError`), else the value's `code`, else its type tag. */
  readonly type: string;
  readonly name: string;
  readonly message: string;
  /** The stack, one line an item. */
  readonly stack: readonly string[];
}

const REDACTED = '[redacted]';
const OBFUSCATED_PREFIX = '[obfuscated value]';
const REDACTED_FIELDS = new Set([
  'quickconnectname',
  'token',
  'login',
  'credential',
  'internalip',
  'authtoken',
  'phonenumber',
  'firstname',
  'lastname',
  'emailaddress',
  'address',
  'displayname',
  'agentname',
  'description',
  'name',
  'value',
  'summary',
  'queue.name',
]);
const HASHED_FIELDS = new Set(['customerid', 'speakerid', 'customerspeakerid', 'presignedurl']);

/** The runtime's text redaction (entry text, and `url` / `text` fields of logged objects). */
export function redactText(text: string): string {
  return text
    .replace(/(AuthToken.*)/gi, REDACTED)
    .replace(/Phone number.*/gi, `phone number${REDACTED}`)
    .replace(/Send digit.*/gi, `send digit ${REDACTED}`)
    .replace(/ConnectionAuthenticationToken.*/gi, REDACTED)
    .replace(/[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}/g, `email address ${REDACTED}`);
}

/** FNV-1a, 32 bits, hex: the runtime hashes these fields with md5; any stable digest serves. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Redacts a JSON copy in place, as the runtime redacts what `withObject` keeps. */
function redactObject(data: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'object' && value !== null) {
      if (key === 'attributes') record[key] = REDACTED;
      else if (key !== 'state') redactObject(value);
    } else if (typeof value === 'string') {
      const lower = key.toLowerCase();
      if (key === 'url' || key === 'text') record[key] = redactText(value);
      else if (REDACTED_FIELDS.has(lower)) record[key] = REDACTED;
      else if (lower === 'callconfigjson') record[key] = value.replace(/("credential":")([^"]*)"/, `$1${REDACTED}"`);
      else if (HASHED_FIELDS.has(lower)) record[key] = `${OBFUSCATED_PREFIX} ${digest(value)}`;
    }
  }
}

function loggedException(e: unknown): LoggedException {
  const any = (typeof e === 'object' && e !== null ? e : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const type =
    e instanceof Error
      ? e.name
      : any.code !== undefined && any.code !== null
        ? String(any.code)
        : Object.prototype.toString.call(e);
  let stack: string[] = [];
  if (Array.isArray(any.stack)) stack = any.stack.map(String);
  else if (typeof any.stack === 'string') stack = any.stack.split('\n');
  else if (typeof any.stack === 'object' && any.stack !== null) stack = [JSON.stringify(jsonSafe(any.stack))];
  return {
    type,
    name: typeof any.name === 'string' ? any.name : type,
    message: typeof any.message === 'string' ? any.message : e === undefined || typeof e === 'object' ? '' : String(e),
    stack,
  };
}

/** One log entry: chain `withObject` / `withException` on what a logger method returns. */
export class LogEntry {
  exception: LoggedException | null = null;
  objects: unknown[] = [];
  /** Its number among the entries at or above the log level (0 for those below). */
  line = 0;
  readonly agentResourceId: string | null = null;

  constructor(
    readonly component: LogComponent,
    readonly level: LogLevel,
    readonly text: string,
    readonly loggerId: string,
    readonly time: Date,
  ) {}

  /** Keeps a redacted deep copy of `obj` (a later change to `obj` does not reach the log; cycles are fine). */
  withObject(obj: unknown): this {
    const copied = jsonSafe(obj);
    redactObject(copied);
    this.objects.push(copied);
    return this;
  }

  /** Keeps `err` as `{type, name, message, stack: lines}`; an entry has one exception, the last given. */
  withException(err: unknown): this {
    this.exception = loggedException(err);
    return this;
  }
  /** Streams' variant for a cross-origin event: kept as `withObject` keeps any object. */
  withCrossOriginEventObject(obj: unknown): this {
    return this.withObject(obj);
  }
  /** Streams marks the entry for Amazon's servers; Switchboard's logs stay in the page. */
  sendInternalLogToServer(): this {
    return this;
  }

  getLevel(): LogLevel {
    return this.level;
  }
  getText(): string {
    return this.text;
  }
  getTime(): Date {
    return this.time;
  }
  getComponent(): LogComponent {
    return this.component;
  }
  getAgentResourceId(): string | null {
    return this.agentResourceId;
  }

  /** `[ISO time] [LEVEL] [agentResourceId]: text`, the runtime's console line. */
  toString(): string {
    return `[${this.time.toISOString()}] [${this.level}] [${this.agentResourceId}]: ${this.text}`;
  }
}

/** The console the logger echoes to (the global console by default). */
export interface LogConsole {
  info(text: string): void;
  log(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

export interface LoggerOptions {
  /** How many entries to keep (default {@link DEFAULT_LOG_CAPACITY}, at least 1). */
  readonly capacity?: number;
  /** Where echoed entries go (default: `globalThis.console`). */
  readonly console?: LogConsole;
  /** The entries' time (default: `new Date()`). */
  readonly now?: () => Date;
}

export interface DownloadOptions {
  /** The file's name without `.txt` (default `agent-log`). */
  readonly logName?: string;
  /** Only the entries at or above the log level (default: all). */
  readonly filterByLogLevel?: boolean;
}

type LogArgs = [template: string, ...args: unknown[]] | [component: LogComponent, template: string, ...args: unknown[]];

export class Logger {
  private readonly capacity: number;
  private readonly out: LogConsole;
  private readonly now: () => Date;
  private entries: LogEntry[] = [];
  /** Index of the oldest entry in `entries` once the ring is full. */
  private start = 0;
  private logLevel: LogLevel = LogLevel.INFO;
  private echoLevel: LogLevel = LogLevel.INFO;
  private lineCount = 0;
  private readonly loggerId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;

  constructor(options: LoggerOptions = {}) {
    const capacity = Math.floor(Number(options.capacity ?? DEFAULT_LOG_CAPACITY));
    this.capacity = Number.isFinite(capacity) && capacity >= 1 ? capacity : DEFAULT_LOG_CAPACITY;
    this.out = options.console ?? globalThis.console;
    this.now = options.now ?? (() => new Date());
  }

  test(...args: LogArgs): LogEntry {
    return this.write(LogLevel.TEST, args);
  }
  trace(...args: LogArgs): LogEntry {
    return this.write(LogLevel.TRACE, args);
  }
  debug(...args: LogArgs): LogEntry {
    return this.write(LogLevel.DEBUG, args);
  }
  info(...args: LogArgs): LogEntry {
    return this.write(LogLevel.INFO, args);
  }
  log(...args: LogArgs): LogEntry {
    return this.write(LogLevel.LOG, args);
  }
  warn(...args: LogArgs): LogEntry {
    return this.write(LogLevel.WARN, args);
  }
  error(...args: LogArgs): LogEntry {
    return this.write(LogLevel.ERROR, args);
  }
  /** Writes an entry of level ERROR, as the runtime does. */
  critical(...args: LogArgs): LogEntry {
    return this.write(LogLevel.ERROR, args);
  }

  /** The minimum level echoed, numbered and kept by a filtered download. An unknown level is refused with a WARN entry. */
  setLogLevel(level: LogLevel): void {
    if (isLogLevel(level)) this.logLevel = level;
    else this.warn('setLogLevel: unknown logging level %s; the log level stays %s', String(level), this.logLevel);
  }

  /** The minimum level echoed to the console (an entry must also be at or above the log level). */
  setEchoLevel(level: LogLevel): void {
    if (isLogLevel(level)) this.echoLevel = level;
    else this.warn('setEchoLevel: unknown logging level %s; the echo level stays %s', String(level), this.echoLevel);
  }

  getLogLevel(): LogLevel {
    return this.logLevel;
  }
  getEchoLevel(): LogLevel {
    return this.echoLevel;
  }
  getLoggerId(): string {
    return this.loggerId;
  }

  /** The kept entries, oldest first (a copy of the list; the entries themselves). */
  getLogs(options: { filterByLogLevel?: boolean } = {}): LogEntry[] {
    const all = this.entries.slice(this.start).concat(this.entries.slice(0, this.start));
    if (!options.filterByLogLevel) return all;
    const min = LOG_LEVEL_ORDER[this.logLevel];
    return all.filter((e) => LOG_LEVEL_ORDER[e.level] >= min);
  }

  /** Keeps an entry made elsewhere (echoed and numbered as the logger's own). */
  addLogEntry(entry: LogEntry): void {
    this.add(entry);
  }
  /** Drops the objects of every kept entry. */
  clearObjects(): void {
    for (const e of this.entries) e.objects = [];
  }
  /** Drops the exception of every kept entry. */
  clearExceptions(): void {
    for (const e of this.entries) e.exception = null;
  }

  /** Forgets every entry (levels are kept). */
  clearLogs(): void {
    this.entries = [];
    this.start = 0;
  }

  /**
   * The kept entries as JSON text (4-space indented, as the runtime's file). In a browser it also
   * saves them as `<logName>.txt`; in Node it only returns the text. `options` may be the name.
   */
  download(options?: string | DownloadOptions | null): string {
    let logName = 'agent-log';
    let filterByLogLevel = false;
    if (typeof options === 'string') logName = options || logName;
    else if (typeof options === 'object' && options !== null) {
      logName = typeof options.logName === 'string' && options.logName !== '' ? options.logName : logName;
      filterByLogLevel = options.filterByLogLevel === true;
    }
    const text = JSON.stringify(this.getLogs({ filterByLogLevel }), undefined, 4);
    saveInBrowser(`${logName}.txt`, text, (e) => this.error('download: could not save %s', `${logName}.txt`).withException(e));
    return text;
  }

  /** The kept entries as console lines. */
  toString(): string {
    return this.getLogs()
      .map((e) => e.toString())
      .join('\n');
  }

  private write(level: LogLevel, args: readonly unknown[]): LogEntry {
    let component: LogComponent = LogComponent.CCP;
    let rest = args;
    if (args.length > 1 && COMPONENTS.includes(args[0] as string)) {
      component = args[0] as LogComponent;
      rest = args.slice(1);
    }
    const [template, ...values] = rest;
    let text: string;
    try {
      text = vsprintf(template as string, values);
    } catch (e) {
      text = `${String(template)} ${values.map((v) => safeString(v)).join(' ')} (log format failed: ${e instanceof Error ? e.message : String(e)})`;
    }
    const entry = new LogEntry(component, level, redactText(text), this.loggerId, this.now());
    this.add(entry);
    return entry;
  }

  private add(entry: LogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else {
      this.entries[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    if (LOG_LEVEL_ORDER[entry.level] < LOG_LEVEL_ORDER[this.logLevel]) return;
    entry.line = this.lineCount++;
    if (LOG_LEVEL_ORDER[entry.level] >= LOG_LEVEL_ORDER[this.echoLevel]) this.echo(entry);
  }

  private echo(entry: LogEntry): void {
    const line = entry.toString();
    try {
      switch (entry.level) {
        case 'LOG':
        case 'TEST':
          this.out.log(line);
          break;
        case 'WARN':
          this.out.warn(line);
          break;
        case 'ERROR':
        case 'CRITICAL':
          this.out.error(line);
          break;
        default:
          this.out.info(line);
      }
    } catch {
      // A broken console must not break the caller.
    }
  }
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(jsonSafe(v)) ?? String(v));
  } catch {
    return '[unprintable]';
  }
}

/** In a browser (a document with a body, Blob and URL.createObjectURL): saves `text` as `fileName`. */
function saveInBrowser(fileName: string, text: string, onError: (e: unknown) => void): void {
  const g = globalThis as {
    document?: Document;
    Blob?: typeof Blob;
    URL?: { createObjectURL?(blob: Blob): string };
  };
  const doc = g.document;
  if (!doc?.body || !g.Blob || typeof g.URL?.createObjectURL !== 'function') return;
  try {
    const url = g.URL.createObjectURL(new g.Blob([text], { type: 'text/plain' }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = fileName;
    doc.body.appendChild(link);
    link.click();
    doc.body.removeChild(link);
  } catch (e) {
    onError(e);
  }
}

let rootLogger: Logger | undefined;

/** `connect.getLog()`: the one logger of the page (or process). */
export function getLog(): Logger {
  rootLogger ??= new Logger();
  return rootLogger;
}
