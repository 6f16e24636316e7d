/**
 * Starts a Switchboard server: opens storage, applies the instance file, listens.
 * Used by the CLI, the tests and the benchmarks alike.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { Instance, InstanceConfig, VoiceConfig } from '@switchboard/core';
import { DEFAULT_CHAT_LIMITS, DEMO_WIDGET_ID, defaultVoiceConfig, demoConfig } from '@switchboard/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { KeyRing } from './api/admin/auth.js';
import { AgentSessions } from './api/agent/sessions.js';
import { iceServersFor } from './api/voice/ice-servers.js';
import { createApp } from './app.js';
import { loadSigningSecret, TokenSigner } from './auth/tokens.js';
import { type AttachmentSettings, deriveAttachmentUrlKey } from './chat/attachments.js';
import { S3BlobStore, type S3BlobStoreOptions } from './chat/blobs.js';
import type { ChatSettings } from './chat/service.js';
import { RoutingService } from './routing/service.js';
import { applyInstanceConfig, buildKeyRing } from './config/load.js';
import { openStore } from './storage/db.js';
import type { StorageOptions, Store } from './storage/types.js';
import { resolveTls, type TlsOption } from './tls.js';

export interface StartOptions {
  /** A validated instance file; the built-in demo instance when absent. */
  readonly config?: InstanceConfig;
  readonly port?: number;
  readonly host?: string;
  /** Where the SQLite database and attachments live. Default `./.switchboard`. */
  readonly dataDir?: string;
  /** Overrides the embedded SQLite database (e.g. Postgres). */
  readonly storage?: StorageOptions;
  readonly tls?: TlsOption;
  /**
   * The URL clients reach this server at, when that is not the address it listens on
   * (behind a reverse proxy or a TLS terminator): websocket and attachment URLs handed to
   * clients are built from it. Default: the listening address.
   */
  readonly publicUrl?: string;
  /** `false` for silence, or pino options. */
  readonly logger?: FastifyServerOptions['logger'] | false;
  /** A root access key valid for every instance; replaces the documented demo key. */
  readonly rootKey?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly now?: () => number;
  /** argon2 is slow on purpose; tests may pass a cheaper hasher. */
  readonly hashPassword?: (password: string) => Promise<string>;
  readonly verifyPassword?: (hash: string, password: string) => Promise<boolean>;
  /** Keep chat attachments in this S3 (-compatible) bucket instead of the data directory. */
  readonly attachmentBucket?: S3BlobStoreOptions;
  /** How long an offer waits for the agent; default 30 s. */
  readonly offerTimeoutMs?: number;
  /** How long a web caller's lost leg (a reload, a new network) may take to rejoin; default 20 s (tests make it short). */
  readonly voiceRejoinGraceMs?: number;
  /** Destroyed contacts kept in memory per instance; default 2,000 (tests make it small). */
  readonly retainDestroyed?: number;
  /** How often expired agent sessions are ended; default a minute (tests make it short). */
  readonly sessionSweepMs?: number;
  /** Wraps the opened store (tests inject storage failures with it). */
  readonly wrapStore?: (store: Store) => Store;
  /**
   * The built agent desktop (Vite output: index.html + assets/), served at `/ccp/`. Without
   * it, or before it is built, `/ccp/` answers 503 with a page saying how to build it.
   */
  readonly ccpDir?: string;
  /**
   * The built customer chat widget (packages/widget/dist/widget.js), served at `/widget.js`.
   * Without it, or before it is built, `/widget.js` answers 503 with a comment saying how
   * to build it. With the demo instance, `/` serves the demo store page embedding it.
   */
  readonly widgetFile?: string;
  /**
   * The agent SDK's browser build (packages/streams/dist/switchboard-streams.js), served at
   * `/switchboard-streams.js`; 503 with a comment saying how to build it until it is built.
   */
  readonly streamsFile?: string;
  /**
   * Web voice's ports, addresses, hold music and ICE servers, instead of the instance
   * file's `voice` section (none: any port, no ICE servers) (the CLI merges its flags and SWITCHBOARD_TURN_SECRET over it).
   */
  readonly voice?: VoiceConfig;
}

export interface RunningServer {
  /** Where the server listens. */
  readonly url: string;
  /** Where clients reach it (StartOptions.publicUrl, else `url`). */
  readonly publicUrl: string;
  readonly port: number;
  readonly host: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  /** True when the built-in demo instance is served. */
  readonly isDemo: boolean;
  readonly config: InstanceConfig;
  /** The instance as applied to storage (with its id, also when the file gives none). */
  readonly instance: Instance;
  readonly routing: RoutingService;
  readonly sessions: AgentSessions;
  close(): Promise<void>;
}

/** The instance file's `voice` section as the media server and the voice sockets take it. */
function voiceOf(voice: VoiceConfig, now: () => number) {
  const { icePortRange, announcedAddress, hostAddresses, holdMusicFile } = voice;
  return {
    mediaOptions: {
      ...(icePortRange ? { icePortRange } : {}),
      ...(announcedAddress ? { announcedAddress } : {}),
      ...(hostAddresses ? { hostAddresses } : {}),
      ...(holdMusicFile ? { holdMusicFile } : {}),
    },
    iceServers: iceServersFor(voice, now),
  };
}

/** The instance file's `chat` limits as the chat service and attachments take them. */
function chatSettingsOf(config: InstanceConfig): {
  chatSettings: Partial<ChatSettings>;
  attachmentSettings: Partial<AttachmentSettings>;
} {
  const c = config.chat;
  return {
    chatSettings: {
      messagesPerSecond: c.messagesPerSecond,
      burst: c.burst,
      socketsPerParticipant: c.socketsPerParticipant,
      limits: {
        ...DEFAULT_CHAT_LIMITS,
        messageMaxLength: {
          ...DEFAULT_CHAT_LIMITS.messageMaxLength,
          'text/plain': c.messageMaxLength,
          'text/markdown': c.messageMaxLength,
        },
      },
    },
    attachmentSettings: {
      maxSizeBytes: Math.round(c.attachments.maxSizeMb * 1024 * 1024),
      perChatQuota: c.attachments.perChat,
      ...(c.attachments.contentTypes ? { allowedContentTypes: c.attachments.contentTypes } : {}),
    },
  };
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = '.switchboard';

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const now = opts.now ?? Date.now;
  const isDemo = opts.config === undefined;
  const config = opts.config ?? demoConfig;
  const hashPassword = opts.hashPassword ?? ((pw: string) => argon2Hash(pw));
  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const storage: StorageOptions = opts.storage ?? { kind: 'sqlite', file: path.join(dataDir, 'switchboard.db') };
  if (storage.kind === 'sqlite') await mkdir(dataDir, { recursive: true });

  const opened = await openStore(storage);
  const store = opts.wrapStore ? opts.wrapStore(opened) : opened;
  let ready = false;
  let keys: KeyRing = new Map();
  let origins: ReadonlySet<string> = new Set();
  let publicUrl = '';
  let app: FastifyInstance | undefined;
  let routing: RoutingService | undefined;
  try {
    const applied = await applyInstanceConfig(store, config, { now, hashPassword });
    keys = buildKeyRing(applied.accessKeys, applied.instance.id, opts.rootKey, isDemo);
    origins = new Set(applied.instance.approvedOrigins);

    const tls = await resolveTls(opts.tls, dataDir);
    const secret = await loadSigningSecret(store, now(), process.env.SWITCHBOARD_SECRET);
    const signer = new TokenSigner(secret);
    routing = await RoutingService.start({
      store,
      signer,
      now,
      onError: (err) => app?.log.error({ err }, 'routing'),
      onReloaded: () => app?.log.warn('routing reloaded from storage after a failed commit'),
      ...(opts.offerTimeoutMs !== undefined ? { offerTimeoutMs: opts.offerTimeoutMs } : {}),
      ...(opts.retainDestroyed !== undefined ? { retainDestroyed: opts.retainDestroyed } : {}),
    });
    const sessions = new AgentSessions({
      store,
      now,
      verifyPassword: opts.verifyPassword ?? ((hash, pw) => argon2Verify(hash, pw).catch(() => false)),
    });
    app = createApp({
      routing,
      sessions,
      dataDir,
      attachmentUrlKey: deriveAttachmentUrlKey(secret),
      ...(opts.attachmentBucket ? { blobs: new S3BlobStore(opts.attachmentBucket) } : {}),
      ...chatSettingsOf(config),
      store,
      keys: () => keys,
      corsOrigins: () => origins,
      now,
      hashPassword,
      logger: opts.logger ?? false,
      https: tls,
      ready: () => ready,
      publicUrl: () => publicUrl,
      ...(opts.sessionSweepMs !== undefined ? { sessionSweepMs: opts.sessionSweepMs } : {}),
      ...(opts.ccpDir !== undefined ? { ccpDir: opts.ccpDir } : {}),
      ...(opts.widgetFile !== undefined ? { widgetFile: opts.widgetFile } : {}),
      ...(opts.streamsFile !== undefined ? { streamsFile: opts.streamsFile } : {}),
      ...(isDemo ? { demo: { widgetId: DEMO_WIDGET_ID } } : {}),
      voice: {
        ...voiceOf(opts.voice ?? config.voice ?? defaultVoiceConfig(), now),
        ...(opts.voiceRejoinGraceMs !== undefined ? { rejoinGraceMs: opts.voiceRejoinGraceMs } : {}),
      },
    });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? DEFAULT_PORT, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORT);
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const listening = `${tls ? 'https' : 'http'}://${shownHost}:${port}`;
    publicUrl = opts.publicUrl?.replace(/\/+$/, '') || listening;
    ready = true;
    const running: RunningServer = {
      url: listening,
      publicUrl,
      port,
      host,
      app,
      store,
      isDemo,
      config,
      instance: applied.instance,
      routing,
      sessions,
      close: async () => {
        ready = false;
        await app?.close();
        await routing?.close();
        await store.close();
      },
    };
    return running;
  } catch (err) {
    await app?.close().catch(() => undefined);
    await routing?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
}
