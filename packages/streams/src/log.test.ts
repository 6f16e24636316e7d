import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRealStreams, type RealConnect } from '../test/real-streams.js';
import { DEFAULT_LOG_CAPACITY, getLog, type LogConsole, LogEntry, Logger } from './log.js';

type RealEntry = {
  getLevel(): string;
  getText(): string;
  getComponent(): string;
  withObject(o: unknown): RealEntry;
  withException(e: unknown): RealEntry;
  objects: unknown[];
  exception: unknown;
};
type RealLogger = Record<
  'trace' | 'debug' | 'info' | 'log' | 'test' | 'warn' | 'error' | 'critical',
  (...a: unknown[]) => RealEntry
>;

let real: RealConnect;
let realLog: RealLogger;
beforeAll(() => {
  real = loadRealStreams();
  realLog = real.getLog() as unknown as RealLogger;
});

/** A console that records what is echoed, by method. */
function recordingConsole(): LogConsole & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (t) => lines.push(`info ${t}`),
    log: (t) => lines.push(`log ${t}`),
    warn: (t) => lines.push(`warn ${t}`),
    error: (t) => lines.push(`error ${t}`),
  };
}

const at = new Date('2026-12-07T12:00:00.000Z');
const logger = (options: { capacity?: number } = {}) => {
  const out = recordingConsole();
  return { log: new Logger({ ...options, console: out, now: () => at }), out };
};

describe('Logger entries', () => {
  it('formats printf-style and returns the entry with its level, text and time', () => {
    const { log } = logger();
    const entry = log.info('Contact %s has %d connections (%.1f%%)', 'c-1', 2, 99.44);
    expect(entry).toBeInstanceOf(LogEntry);
    expect(entry.getLevel()).toBe('INFO');
    expect(entry.getText()).toBe('Contact c-1 has 2 connections (99.4%)');
    expect(entry.getTime()).toBe(at);
    expect(entry.getComponent()).toBe('ccp');
    expect(log.getLogs()).toEqual([entry]);
  });

  it('writes the levels the runtime writes for each method (critical writes ERROR)', () => {
    const { log } = logger();
    const methods = ['test', 'trace', 'debug', 'info', 'log', 'warn', 'error', 'critical'] as const;
    const ours = methods.map((m) => log[m]('x').getLevel());
    const theirs = methods.map((m) => realLog[m]('x').getLevel());
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(['TEST', 'TRACE', 'DEBUG', 'INFO', 'LOG', 'WARN', 'ERROR', 'ERROR']);
  });

  it('takes a LogComponent as first argument, like the runtime', () => {
    const { log } = logger();
    const entry = log.warn('chat', 'Message %s failed', 'm-1');
    expect([entry.getComponent(), entry.getText()]).toEqual(['chat', 'Message m-1 failed']);
    const theirs = realLog.warn('chat', 'Message %s failed', 'm-1');
    expect([theirs.getComponent(), theirs.getText()]).toEqual(['chat', 'Message m-1 failed']);
    expect(log.info('chat').getText()).toBe('chat');
  });

  it('never throws on a bad template or argument: the entry keeps them and says why', () => {
    const { log } = logger();
    const entry = log.error('Took %d ms', 'long').withObject({ a: 1 });
    expect(entry.getText()).toBe(
      'Took %d ms long (log format failed: sprintf: %d at position 5 of "Took %d ms" expects a number, got string)',
    );
    expect(log.info(undefined as unknown as string).getText()).toMatch(
      /^undefined {2}\(log format failed: sprintf: the template must be a string/,
    );
  });

  it('redacts the text as the runtime does', () => {
    const { log } = logger();
    const texts = [
      'Phone number +15551234567 dialled',
      'Send digit 5',
      'header AuthToken abc.def',
      'mail bob@example.com now',
      'ConnectionAuthenticationToken: xyz',
    ];
    expect(texts.map((t) => log.info('%s', t).getText())).toEqual(texts.map((t) => realLog.info('%s', t).getText()));
    expect(log.info('mail bob@example.com now').getText()).toBe('mail email address [redacted] now');
  });
});

describe('withObject', () => {
  it('keeps a copy: a later change to the object does not reach the log', () => {
    const { log } = logger();
    const data = { contact: { id: 'c-1', queue: { arn: 'q' } }, list: [1, 2] };
    const entry = log.info('x').withObject(data).withObject({ second: true });
    data.contact.id = 'changed';
    data.list.push(3);
    expect(entry.objects).toEqual([{ contact: { id: 'c-1', queue: { arn: 'q' } }, list: [1, 2] }, { second: true }]);
  });

  it('survives cycles (the runtime throws on them)', () => {
    const { log } = logger();
    const node: Record<string, unknown> = { id: 'n' };
    node.parent = node;
    const entry = log.info('cyclic').withObject(node);
    expect(entry.objects).toEqual([{ id: 'n', parent: '[Circular]' }]);
    expect(() => realLog.info('cyclic').withObject(node)).toThrow();
  });

  it('redacts fields as the runtime does', () => {
    const { log } = logger();
    const sample = () => ({
      name: 'Bob Brown',
      token: 't-123',
      attributes: { secret: 1 },
      state: { name: 'Available', type: 'routable' },
      contact: { phoneNumber: '+1555', text: 'Phone number +1555', url: 'https://x/?AuthToken=abc', status: 'ok' },
      callConfigJson: '{"credential":"s3cret","other":1}',
      count: 3,
    });
    const ours = log.info('x').withObject(sample()).objects[0];
    const theirs = JSON.parse(JSON.stringify(realLog.info('x').withObject(sample()).objects[0]));
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ name: '[redacted]', attributes: '[redacted]', state: { name: 'Available' } });
  });

  it('hashes the hashed fields (a stable digest, not the runtime md5)', () => {
    const { log } = logger();
    const [a, b] = ['cust-1', 'cust-1'].map((customerId) => log.info('x').withObject({ customerId }).objects[0]);
    expect(a).toEqual(b);
    expect((a as { customerId: string }).customerId).toMatch(/^\[obfuscated value\] [0-9a-f]{8}$/);
  });
});

describe('withException', () => {
  it('keeps an Error as the runtime does, plus its name', () => {
    const { log } = logger();
    const err = new RangeError('out of range');
    const entry = log.error('failed').withException(err);
    const theirs = JSON.parse(JSON.stringify(realLog.error('failed').withException(err).exception));
    // `type`: the runtime's `instanceof Error` fails across the vm realm boundary, so it says '[object Error]' here.
    expect(entry.exception).toEqual({ ...theirs, type: 'RangeError', name: 'RangeError' });
    expect(theirs.type).toBe('[object Error]');
    expect(entry.exception).toMatchObject({ type: 'RangeError', message: 'out of range' });
    expect(entry.exception?.stack[0]).toBe('RangeError: out of range');
  });

  it('keeps a non-Error too, without throwing', () => {
    const { log } = logger();
    expect(log.error('x').withException({ code: 'E42', message: 'm' }).exception).toEqual({
      type: 'E42',
      name: 'E42',
      message: 'm',
      stack: [],
    });
    expect(log.error('x').withException('just text').exception).toEqual({
      type: '[object String]',
      name: '[object String]',
      message: 'just text',
      stack: [],
    });
    expect(log.error('x').withException(undefined).exception?.type).toBe('[object Undefined]');
  });
});

describe('levels and echo', () => {
  it('echoes INFO and above by default (the runtime default), to the matching console method', () => {
    const { log, out } = logger();
    log.debug('quiet');
    log.info('one');
    log.log('two');
    log.warn('three');
    log.error('four');
    expect(out.lines).toEqual([
      'info [2026-12-07T12:00:00.000Z] [INFO] [null]: one',
      'log [2026-12-07T12:00:00.000Z] [LOG] [null]: two',
      'warn [2026-12-07T12:00:00.000Z] [WARN] [null]: three',
      'error [2026-12-07T12:00:00.000Z] [ERROR] [null]: four',
    ]);
    expect([log.getLogLevel(), log.getEchoLevel()]).toEqual(['INFO', 'INFO']);
  });

  it('setEchoLevel raises what reaches the console; everything stays in memory', () => {
    const { log, out } = logger();
    log.setEchoLevel('WARN');
    log.info('kept, not echoed');
    log.warn('echoed');
    expect(out.lines).toHaveLength(1);
    expect(log.getLogs().map((e) => e.getText())).toEqual(['kept, not echoed', 'echoed']);
  });

  it('keeps entries below the log level but does not number, echo or download-filter them', () => {
    const { log, out } = logger();
    log.setLogLevel('WARN');
    log.setEchoLevel('TEST');
    const below = log.info('below');
    const above = log.warn('above');
    const next = log.error('next');
    expect(log.getLogs()).toEqual([below, above, next]);
    expect([below.line, above.line, next.line]).toEqual([0, 0, 1]);
    expect(out.lines.map((l) => l.split(' ')[0])).toEqual(['warn', 'error']);
    expect(log.getLogs({ filterByLogLevel: true })).toEqual([above, next]);
  });

  it('refuses an unknown level with a warning, keeping the old one', () => {
    const { log } = logger();
    log.setLogLevel('LOUD' as never);
    log.setEchoLevel(undefined as never);
    expect([log.getLogLevel(), log.getEchoLevel()]).toEqual(['INFO', 'INFO']);
    expect(log.getLogs().map((e) => e.getText())).toEqual([
      'setLogLevel: unknown logging level LOUD; the log level stays INFO',
      'setEchoLevel: unknown logging level undefined; the echo level stays INFO',
    ]);
  });

  it('a console that throws does not break the caller', () => {
    const broken: LogConsole = {
      info() {
        throw new Error('no console');
      },
      log() {},
      warn() {},
      error() {},
    };
    const log = new Logger({ console: broken });
    expect(log.info('still fine').getText()).toBe('still fine');
  });
});

describe('memory ring', () => {
  it(`keeps the last entries up to the capacity (default ${DEFAULT_LOG_CAPACITY}), oldest first`, () => {
    const { log } = logger({ capacity: 3 });
    for (let i = 1; i <= 7; i++) log.info('entry %d', i);
    expect(log.getLogs().map((e) => e.getText())).toEqual(['entry 5', 'entry 6', 'entry 7']);
    log.clearLogs();
    expect(log.getLogs()).toEqual([]);
    log.info('again');
    expect(log.getLogs()).toHaveLength(1);
  });

  it('a bad capacity falls back to the default', () => {
    const big = new Logger({ capacity: Number.NaN, console: recordingConsole() });
    for (let i = 0; i < 12; i++) big.info('e');
    expect(big.getLogs()).toHaveLength(12);
  });
});

describe('download', () => {
  const g = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete g.document;
  });

  it('returns the JSON text of the entries and, in Node, saves nothing', () => {
    const { log } = logger();
    log.debug('low');
    log.warn('kept %s', 'x').withObject({ n: 1 });
    const text = log.download();
    const parsed = JSON.parse(text) as { level: string; text: string; objects: unknown[]; time: string }[];
    expect(parsed.map((e) => [e.level, e.text])).toEqual([
      ['DEBUG', 'low'],
      ['WARN', 'kept x'],
    ]);
    expect(parsed[1]).toMatchObject({ component: 'ccp', objects: [{ n: 1 }], time: at.toISOString(), exception: null, line: 0 });
    expect(text).toContain('\n    {');
    expect(JSON.parse(log.download({ filterByLogLevel: true }))).toHaveLength(1);
    expect(JSON.parse(log.download('my-log'))).toHaveLength(2);
  });

  it('in a browser, also saves <logName>.txt through a clicked link', () => {
    const { log } = logger();
    log.info('in the file');
    const clicked: { download: string; href: string }[] = [];
    const body = {
      children: [] as unknown[],
      appendChild: (c: unknown) => body.children.push(c),
      removeChild: () => body.children.pop(),
    };
    g.document = {
      body,
      createElement: () => {
        const a = { href: '', download: '', click: () => clicked.push({ download: a.download, href: a.href }) };
        return a;
      },
    };
    const blobs: string[] = [];
    const realCreate = URL.createObjectURL;
    URL.createObjectURL = () => {
      blobs.push('blob');
      return 'blob:test/1';
    };
    try {
      const text = log.download({ logName: 'agent-7' });
      expect(clicked).toEqual([{ download: 'agent-7.txt', href: 'blob:test/1' }]);
      expect(body.children).toEqual([]);
      expect(JSON.parse(text)[0].text).toBe('in the file');
      log.download();
      expect(clicked[1]?.download).toBe('agent-log.txt');
    } finally {
      URL.createObjectURL = realCreate;
    }
  });
});

describe('getLog', () => {
  it('is one logger for the process', () => {
    expect(getLog()).toBe(getLog());
    expect(getLog()).toBeInstanceOf(Logger);
  });
});

describe('the runtime members for entries made or kept elsewhere', () => {
  it('withCrossOriginEventObject keeps a redacted copy as withObject; sendInternalLogToServer keeps the entry here', () => {
    const { log } = logger();
    const e = log.info('x');
    const event = { data: { token: 'secret-value' } };
    expect(e.withCrossOriginEventObject(event).sendInternalLogToServer()).toBe(e);
    event.data.token = 'changed';
    expect(JSON.stringify(e.objects)).not.toContain('secret-value');
    expect(JSON.stringify(e.objects)).not.toContain('changed');
    expect(log.getLogs()).toEqual([e]);
  });

  it('addLogEntry keeps and echoes an entry made elsewhere; clearObjects and clearExceptions drop them', () => {
    const { log, out } = logger();
    const entry = new LogEntry('ccp', 'WARN', 'from elsewhere', 'other-logger', at).withObject({ a: 1 });
    log.addLogEntry(entry);
    log.error('mine').withException(new Error('boom')).withObject({ b: 2 });
    expect(log.getLogs().map((x) => x.getText())).toEqual(['from elsewhere', 'mine']);
    expect(out.lines[0]).toBe(`warn ${entry.toString()}`);
    log.clearObjects();
    log.clearExceptions();
    expect(log.getLogs().map((x) => [x.objects, x.exception])).toEqual([
      [[], null],
      [[], null],
    ]);
  });
});
