/**
 * The `switchboard` command. `main(argv, io)` is pure of process globals so tests can
 * run it in-process; bin.ts wires it to the real process.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultVoiceConfig, formatConfigIssue, type InstanceConfig } from '@switchboard/core';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, readConfigFile, type RunningServer, startServer } from '@switchboard/server';
import { demoBanner } from './banner.js';
import { fileClock, TEST_CLOCK_ENV } from './test-clock.js';
import { resolveVoice } from './voice.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const VERSION = '0.1.0';

export const HELP = `switchboard ${VERSION} — a self-hosted contact center

Usage:
  switchboard start [options]          start the server
  switchboard config validate <file>   check an instance file and list every problem
  switchboard --help | --version

Options for start:
  --config <file>        instance file (YAML or JSON); without it the demo instance runs
  --port <n>             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>          address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --data-dir <dir>       where the database and files live (default ./${DEFAULT_DATA_DIR})
  --database-url <url>   use Postgres instead of the embedded SQLite (postgres://…)
  --tls-cert <file>      serve HTTPS with this certificate…
  --tls-key <file>       …and this key
  --tls self-signed      serve HTTPS with a generated certificate (kept in the data dir)
  --public-url <url>     the URL clients reach the server at, behind a reverse proxy
                         (websocket and attachment URLs are built from it)
  --log-level <level>    fatal, error, warn, info (default), debug, trace or silent
  --ice-ports <a-b>      UDP ports the voice media binds, e.g. 40000-40199 (default: any)
  --announced-address <ip>
                         behind a 1:1 NAT: the public IPv4 address browsers reach the
                         voice media at
  --turn-url <url>       a TURN server (coturn) for browsers, with SWITCHBOARD_TURN_SECRET;
                         repeat for more URLs (turn:host:3478, turns:host:5349)

Environment:
  SWITCHBOARD_ACCESS_KEY_ID, SWITCHBOARD_SECRET_ACCESS_KEY
                         an admin access key valid for every instance; it replaces the
                         documented demo key
  SWITCHBOARD_DATABASE_URL   same as --database-url
  SWITCHBOARD_S3_BUCKET  keep chat attachments in this S3 (or S3-compatible) bucket instead
                         of the data dir; with SWITCHBOARD_S3_REGION (default us-east-1),
                         SWITCHBOARD_S3_ENDPOINT (MinIO, R2…), SWITCHBOARD_S3_PATH_STYLE=1 and
                         SWITCHBOARD_S3_PREFIX; credentials come from the usual AWS_* variables
  SWITCHBOARD_TURN_SECRET  coturn's static-auth-secret: browsers get TURN credentials minted
                         from it (with --turn-url or the instance file's voice.turn)

Docs: docs/config.md (instance file), docs/voice.md (web voice, TURN), README.md (everything else).`;

/**
 * The built agent desktop, packages/ccp/dist, found from this file: it is
 * packages/cli/dist/switchboard.mjs (the bundle `npm start` runs), packages/cli/dist/index.js
 * (behind dist/bin.js) or packages/cli/src/index.ts (tests), all two levels below packages/.
 */
export const defaultCcpDir = (): string => fileURLToPath(new URL('../../ccp/dist/', import.meta.url));

/** The built customer chat widget, packages/widget/dist/widget.js, found the same way. */
export const defaultWidgetFile = (): string => fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url));

/** The agent SDK's browser build, packages/streams/dist/switchboard-streams.js, found the same way. */
export const defaultStreamsFile = (): string =>
  fileURLToPath(new URL('../../streams/dist/switchboard-streams.js', import.meta.url));

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export class UsageError extends Error {}

function parseStart(args: string[], env: Io['env']) {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      tls: { type: 'string' },
      'public-url': { type: 'string' },
      'log-level': { type: 'string' },
      'ice-ports': { type: 'string' },
      'announced-address': { type: 'string' },
      'turn-url': { type: 'string', multiple: true },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
  if (values.tls !== undefined && values.tls !== 'self-signed')
    throw new UsageError('--tls only takes "self-signed"; use --tls-cert and --tls-key for your own pair');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  const level = values['log-level'] ?? 'info';
  if (!LOG_LEVELS.has(level)) throw new UsageError(`--log-level must be one of ${[...LOG_LEVELS].join(', ')}`);
  const databaseUrl = values['database-url'] ?? env.SWITCHBOARD_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('--database-url must start with postgres:// or postgresql://');
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(publicUrl))
    throw new UsageError('--public-url must be an http:// or https:// URL, e.g. https://chat.example.com');
  const keyId = env.SWITCHBOARD_ACCESS_KEY_ID;
  const secret = env.SWITCHBOARD_SECRET_ACCESS_KEY;
  if ((keyId === undefined) !== (secret === undefined))
    throw new UsageError('Set both SWITCHBOARD_ACCESS_KEY_ID and SWITCHBOARD_SECRET_ACCESS_KEY, or neither');
  if (secret !== undefined && secret.length < 8)
    throw new UsageError('SWITCHBOARD_SECRET_ACCESS_KEY must be at least 8 characters');
  return {
    configFile: values.config,
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
    databaseUrl,
    tls:
      values.tls === 'self-signed'
        ? ('self-signed' as const)
        : values['tls-cert'] && values['tls-key']
          ? { cert: values['tls-cert'], key: values['tls-key'] }
          : undefined,
    publicUrl,
    level,
    rootKey: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    s3: s3Of(env),
    voice: { icePorts: values['ice-ports'], announcedAddress: values['announced-address'], turnUrls: values['turn-url'] },
  };
}

/** Attachments in S3 when SWITCHBOARD_S3_BUCKET is set. */
function s3Of(env: Record<string, string | undefined>) {
  const bucket = env.SWITCHBOARD_S3_BUCKET;
  if (!bucket) {
    if (env.SWITCHBOARD_S3_ENDPOINT || env.SWITCHBOARD_S3_PREFIX)
      throw new UsageError('SWITCHBOARD_S3_ENDPOINT / SWITCHBOARD_S3_PREFIX need SWITCHBOARD_S3_BUCKET');
    return undefined;
  }
  const endpoint = env.SWITCHBOARD_S3_ENDPOINT;
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint))
    throw new UsageError('SWITCHBOARD_S3_ENDPOINT must be an http:// or https:// URL');
  return {
    bucket,
    region: env.SWITCHBOARD_S3_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(env.SWITCHBOARD_S3_PATH_STYLE === '1' ? { forcePathStyle: true } : {}),
    ...(env.SWITCHBOARD_S3_PREFIX ? { prefix: env.SWITCHBOARD_S3_PREFIX } : {}),
  };
}

async function loadConfig(file: string, io: Io): Promise<InstanceConfig | undefined> {
  const result = await readConfigFile(file);
  if (result.ok) return result.config;
  io.err(`${file}: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}`);
  for (const issue of result.issues) io.err(`  ${formatConfigIssue(issue)}`);
  return undefined;
}

/** Runs a command. `start` resolves with the running server; everything else with an exit code. */
export async function main(argv: string[], io: Io): Promise<number | RunningServer> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(HELP);
      return cmd === undefined ? 1 : 0;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.out(VERSION);
      return 0;
    }
    if (cmd === 'config') {
      const [sub, file, ...extra] = rest;
      if (sub === '--help' || sub === undefined) {
        io.out('Usage: switchboard config validate <file>');
        return sub === undefined ? 1 : 0;
      }
      if (sub !== 'validate' || !file || extra.length > 0) throw new UsageError('Usage: switchboard config validate <file>');
      const config = await loadConfig(file, io);
      if (!config) return 1;
      io.out(
        `${file}: valid (instance "${config.instance.alias}", ${config.users.length} users, ${config.queues.length} queues, ${config.routingProfiles.length} routing profiles)`,
      );
      return 0;
    }
    if (cmd === 'start') {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(HELP);
        return 0;
      }
      const o = parseStart(rest, io.env);
      const config = o.configFile ? await loadConfig(o.configFile, io) : undefined;
      if (o.configFile && !config) return 1;
      const voice = resolveVoice(o.voice, io.env, config?.voice ?? defaultVoiceConfig());
      if ('problem' in voice) throw new UsageError(voice.problem);
      io.out(o.databaseUrl ? 'Starting Switchboard on Postgres…' : `Starting Switchboard (data in ${o.dataDir})…`);
      const clockFile = io.env[TEST_CLOCK_ENV];
      const clock = clockFile ? fileClock(clockFile) : undefined;
      if (clock) io.out(`Test clock: the time is shifted by ${clock.offset()} ms (${TEST_CLOCK_ENV}); never in production.`);
      const server = await startServer({
        ...(clock ? { now: clock.now } : {}),
        ...(config ? { config } : {}),
        port: o.port,
        host: o.host,
        dataDir: o.dataDir,
        ...(o.databaseUrl ? { storage: { kind: 'postgres' as const, url: o.databaseUrl } } : {}),
        tls: o.tls,
        ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
        logger: o.level === 'silent' ? false : { level: o.level },
        ...(o.rootKey ? { rootKey: o.rootKey } : {}),
        ...(o.s3 ? { attachmentBucket: o.s3 } : {}),
        voice: voice.voice,
        ccpDir: defaultCcpDir(),
        widgetFile: defaultWidgetFile(),
        streamsFile: defaultStreamsFile(),
      });
      for (const line of demoBanner(server, Boolean(o.rootKey))) io.out(line);
      if (clock) {
        // The jump may have passed a timer (a scheduled task, an expiry): run what is due.
        clock.onChange(() => {
          for (const ir of server.routing.current()) {
            ir.step([{ type: 'tick' }]).catch(() => undefined);
            ir.expireDue();
          }
        });
        const close = server.close.bind(server);
        return Object.assign(server, {
          close: () => {
            clock.close();
            return close();
          },
        });
      }
      return server;
    }
    throw new UsageError(`Unknown command "${cmd}". Run switchboard --help.`);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`switchboard: ${(err as Error).message}`);
      return 2;
    }
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      io.err(`switchboard: the port is already in use (${(err as Error).message}). Pick another with --port.`);
      return 1;
    }
    throw err;
  }
}
