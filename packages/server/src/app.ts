/**
 * The HTTP application: wiring only. Every request gets an `x-amzn-requestid`; every
 * body is read raw (SigV4 needs the exact bytes) and parsed by the protocol layer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { AdminContext, Principal } from './api/admin/context.js';
import { authenticate, type KeyRing } from './api/admin/auth.js';
import { adminOperations, switchboardAdminOperations } from './api/admin/index.js';
import { mintAgentTokenOperation } from './api/agent/mint.js';
import { registerAgentApi } from './api/agent/routes.js';
import { type AgentSessions, SESSION_SWEEP_MS } from './api/agent/sessions.js';
import { createAgentSocketServer, routeUpgrades } from './api/agent/socket.js';
import { contactOperations } from './api/contact/index.js';
import { registerCcp } from './ccp/routes.js';
import { registerCors } from './http/cors.js';
import { errorHandler, notFoundHandler, participantError, sendServiceError } from './http/errors.js';
import { fastPath } from './http/fast-path.js';
import { registerMetrics } from './http/metrics.js';
import { registerRestJson } from './http/rest-json.js';
import type { RoutingService } from './routing/service.js';
import type { Store } from './storage/types.js';
import { idFromIdOrArn, InvalidRequestException, ValidationException, type VoiceIceServer } from '@switchboard/core';
import { type ParticipantAttachmentContext, participantAttachmentOperations } from './api/participant/attachments.js';
import { participantChatOperations } from './api/participant/chat.js';
import { type AttachmentSettings, Attachments } from './chat/attachments.js';
import { type BlobStore, FileBlobStore } from './chat/blobs.js';
import type { ParticipantContext } from './api/participant/context.js';
import { ChatService, type ChatSettings } from './chat/service.js';
import { WidgetLimiter } from './api/widget/limiter.js';
import { registerWidgetApi, WIDGET_API_PREFIX } from './api/widget/routes.js';
import { VisitorChats } from './api/widget/visitors.js';
import { registerDemoPage } from './widget/demo-page.js';
import { registerWidgetScript, WIDGET_SCRIPT_PATH, WIDGET_VOICE_PATH } from './widget/script.js';
import { registerStreamsScript, STREAMS_SCRIPT_PATH } from './ccp/streams-script.js';
import { contactVoiceAuthorizer } from './api/voice/contact-grants.js';
import type { AuthorizeVoice, VoiceGrant } from './api/voice/grants.js';
import { createVoiceSocketServer } from './api/voice/socket.js';
import { type MediaServer, type MediaServerOptions, WeriftMediaServer } from './media/index.js';
import { VoiceCalls } from './voice/calls.js';
import { Recordings, recordingsDir } from './voice/recordings.js';
import { recordingOperations } from './api/contact/recording-operations.js';
import { recordingListOperation, registerRecordingDownloads } from './api/admin/recordings.js';

export interface AppDeps {
  readonly store: Store;
  /** Current access keys; read on every request so reloads take effect at once. */
  readonly keys: () => KeyRing;
  /** Origins allowed by CORS (the instances' approved origins); '*' allows any. */
  readonly corsOrigins: () => ReadonlySet<string>;
  readonly now: () => number;
  readonly hashPassword: (password: string) => Promise<string>;
  readonly logger: FastifyServerOptions['logger'] | false;
  readonly https?: { key: string | Buffer; cert: string | Buffer } | undefined;
  /** Largest accepted request body; default 1 MiB. */
  readonly bodyLimit?: number;
  /** Health: false while starting or shutting down. */
  readonly ready: () => boolean;
  /** The URL clients reach this server at (for links in answers). */
  readonly publicUrl: () => string;
  readonly routing: RoutingService;
  readonly sessions: AgentSessions;
  /** The data directory: attachments are kept under `<dataDir>/attachments` (unless `blobs`). */
  readonly dataDir?: string;
  /** Where attachment bytes go; default FileBlobStore(`<dataDir>/attachments`). */
  readonly blobs?: BlobStore;
  /** Signs attachment upload/download URLs: deriveAttachmentUrlKey(server secret). */
  readonly attachmentUrlKey?: Buffer;
  readonly attachmentSettings?: Partial<AttachmentSettings>;
  readonly chatSettings?: Partial<ChatSettings>;
  /** How often expired agent sessions are ended; default SESSION_SWEEP_MS (a minute). */
  readonly sessionSweepMs?: number;
  /** The built agent desktop served at /ccp/ (ccp/routes.ts); /ccp/ answers 503 without it. */
  readonly ccpDir?: string | undefined;
  /** The built chat widget served at /widget.js (widget/script.ts); 503 without it. */
  readonly widgetFile?: string | undefined;
  /** The agent SDK's browser build served at /switchboard-streams.js (ccp/streams-script.ts); 503 without it. */
  readonly streamsFile?: string | undefined;
  /** Serve the demo store page at `/` with this widget (the demo instance runs). */
  readonly demo?: { readonly widgetId: string } | undefined;
  /**
   * Web voice (docs/voice.md): the media server (default: werift in this process, loaded on
   * the first call), who may open a leg (default: a contact's voice token, contact-grants.ts)
   * and where DTMF digits go besides the contact's call (voice/calls.ts).
   */
  readonly voice?: {
    readonly media?: MediaServer;
    /** The default media server's ports, addresses and hold music (the instance file's `voice`). */
    readonly mediaOptions?: Pick<MediaServerOptions, 'icePortRange' | 'announcedAddress' | 'hostAddresses' | 'holdMusicFile'>;
    /** The STUN/TURN servers a leg's `config` frame gets (api/voice/ice-servers.ts); none by default. */
    readonly iceServers?: (grant: VoiceGrant) => readonly VoiceIceServer[];
    readonly authorize?: AuthorizeVoice;
    readonly onDigit?: (grant: VoiceGrant, digit: string) => void;
    /** How long a customer's lost leg may take to rejoin before the contact ends (voice/calls.ts); default 20 s. */
    readonly rejoinGraceMs?: number;
  };
}

export function createApp(deps: AppDeps): FastifyInstance {
  const bodyLimit = deps.bodyLimit ?? 1024 * 1024;
  /**
   * Answer SendMessage and SendEvent, then StartChatContact, before Fastify
   * (http/fast-path.ts); set once the chat service exists.
   */
  const fast: ((req: IncomingMessage, res: ServerResponse) => boolean)[] = [];
  const fastPathStats = { served: 0 };
  const app = Fastify({
    logger: deps.logger ?? false,
    // The server Fastify would create (lib/server.js: HTTP/1.1, its keep-alive timeout),
    // with the fast path in front of Fastify's handler.
    serverFactory: (handler, opts) => {
      const listener = (req: IncomingMessage, res: ServerResponse) => {
        for (const served of fast) if (served(req, res)) return;
        handler(req, res);
      };
      const server = deps.https ? https.createServer(deps.https, listener) : http.createServer(listener);
      if (typeof opts.keepAliveTimeout === 'number') server.keepAliveTimeout = opts.keepAliveTimeout;
      if (typeof opts.requestTimeout === 'number') server.requestTimeout = opts.requestTimeout;
      return server;
    },
    bodyLimit,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Fastify's own routing errors (a path that is not valid percent-encoding, a label over
    // maxParamLength) answer AWS-style too, not with Fastify's body.
    frameworkErrors: (err, req, reply) => {
      void sendServiceError(
        (reply as unknown as FastifyReply).header('x-amzn-requestid', req.id),
        new InvalidRequestException(err.message),
      );
    },
    // ARNs in path labels are ~150 characters percent-encoded; Fastify's default is 100.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  }) as unknown as FastifyInstance;

  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-amzn-requestid', req.id);
    done();
  });

  // Every body is kept as raw bytes: SigV4 hashes them, the protocol layer parses them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    done(null, body);
  });

  // The participant service, attachment URLs and the widget's script are called from any
  // site that embeds a chat (bearer tokens, no cookies): every origin. The widget's API
  // answers CORS itself (each configuration's own origins). Everything else: approved origins.
  registerCors(app, {
    open: (url) =>
      url.startsWith('/participant/') ||
      url.startsWith('/attachments/') ||
      url.startsWith(WIDGET_SCRIPT_PATH) ||
      url.startsWith(WIDGET_VOICE_PATH) ||
      url.startsWith(STREAMS_SCRIPT_PATH),
    own: (url) => url.startsWith(WIDGET_API_PREFIX),
    approvedOrigins: deps.corsOrigins,
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.get('/healthz', async (_req, reply) => {
    if (!deps.ready()) return reply.code(503).send({ status: 'starting' });
    return { status: 'ok' };
  });
  // Read at scrape time: the sockets and the chat service are created below.
  const observe = registerMetrics(app, {
    routing: deps.routing,
    agentSockets: () => agentSockets.size,
    chatSockets: () => chat.hub.size,
  });

  const adminContext = (principal: Principal, log: FastifyBaseLogger): AdminContext => ({
    store: deps.store,
    principal,
    now: deps.now,
    hashPassword: deps.hashPassword,
    newId: randomUUID,
    publicUrl: deps.publicUrl,
    log,
    routing: deps.routing,
  });
  const authorize = async (req: FastifyRequest): Promise<AdminContext> =>
    adminContext(await authenticate(req, deps.keys(), deps.now()), req.log);
  const adminRoutes = {
    authorize,
    // A change to queues, users, profiles, widgets… takes effect in routing before the answer.
    after: async (op: { method: string }, input: Record<string, unknown>) => {
      if (op.method !== 'GET' && typeof input.InstanceId === 'string') {
        await deps.routing.configChanged(idFromIdOrArn(input.InstanceId));
      }
    },
  };
  registerRestJson<AdminContext>(app, adminOperations, adminRoutes);
  registerRestJson<AdminContext>(app, switchboardAdminOperations, adminRoutes);
  registerRestJson<AdminContext>(app, contactOperations, { authorize });
  registerRestJson<AdminContext>(app, [mintAgentTokenOperation(deps.sessions)], { authorize });

  const chat = new ChatService({
    routing: deps.routing,
    store: deps.store,
    signer: deps.routing.signer,
    now: deps.now,
    publicUrl: deps.publicUrl,
    ...(deps.chatSettings ? { settings: deps.chatSettings } : {}),
  });
  const attachments = new Attachments({
    store: deps.store,
    // Without a dataDir (test harnesses), a per-process scratch directory.
    blobs:
      deps.blobs ??
      new FileBlobStore(
        deps.dataDir ? join(deps.dataDir, 'attachments') : mkdtempSync(join(tmpdir(), 'switchboard-attachments-')),
      ),
    chat,
    // Without a key, URLs only work in this process (fine for tests; server.ts passes one).
    urlKey: deps.attachmentUrlKey ?? randomBytes(32),
    now: deps.now,
    publicUrl: deps.publicUrl,
    ...(deps.attachmentSettings ? { settings: deps.attachmentSettings } : {}),
  });
  registerRestJson<ParticipantAttachmentContext>(app, participantAttachmentOperations, {
    authorize: async (req) => {
      const bearer = typeof req.headers['x-amz-bearer'] === 'string' ? req.headers['x-amz-bearer'] : undefined;
      return { chat, attachments, bearer, connection: () => chat.participant(bearer, 'connection') };
    },
    invalidInput: (message) => new ValidationException(message),
  });
  // PUT /attachments/upload/:id (streamed, its own scope and body handling) and GET /attachments/download/:id.
  attachments.registerRoutes(app);
  const participantContext = async (req: { headers: IncomingMessage['headers'] }): Promise<ParticipantContext> => {
    const bearer = typeof req.headers['x-amz-bearer'] === 'string' ? req.headers['x-amz-bearer'] : undefined;
    return { chat, bearer, connection: () => chat.participant(bearer, 'connection') };
  };
  registerRestJson<ParticipantContext>(app, participantChatOperations, {
    authorize: participantContext,
    invalidInput: (message) => new ValidationException(message),
  });
  fast.push(
    fastPath<ParticipantContext>({
      operations: participantChatOperations.filter((op) => op.name === 'SendMessage' || op.name === 'SendEvent'),
      authorize: participantContext,
      answerError: participantError,
      invalidInput: (message) => new ValidationException(message),
      cors: 'open',
      bodyLimit,
      ready: deps.ready,
      observe,
      log: app.log,
      stats: fastPathStats,
    }),
    // Registered above without an `after` hook: starting a chat changes no configuration.
    fastPath<AdminContext>({
      operations: contactOperations.filter((op) => op.name === 'StartChatContact'),
      authorize: async (req, rawBody) =>
        adminContext(
          await authenticate(
            { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawBody },
            deps.keys(),
            deps.now(),
          ),
          app.log,
        ),
      cors: 'approved',
      bodyLimit,
      ready: deps.ready,
      observe,
      log: app.log,
      stats: fastPathStats,
    }),
  );

  // The customer chat widget: its public API, its script, and the demo store page.
  const limiter = new WidgetLimiter();
  const visitors = new VisitorChats();
  registerWidgetApi(app, (req) => ({
    routing: deps.routing,
    store: deps.store,
    now: deps.now,
    log: req.log,
    publicUrl: deps.publicUrl,
    attachments: attachments.settings,
    limiter,
    visitors,
  }));
  registerWidgetScript(app, { file: deps.widgetFile });
  if (deps.demo) registerDemoPage(app, { widgetId: deps.demo.widgetId, publicUrl: deps.publicUrl });

  // The agent desktop: framed only by the instance's approved origins (CSP frame-ancestors).
  registerCcp(app, { dir: deps.ccpDir, approvedOrigins: deps.corsOrigins });
  // The agent SDK's browser build, for CRM pages and custom desktops.
  registerStreamsScript(app, { file: deps.streamsFile });

  // Web voice: the media server, and the calls of voice contacts that drive it (voice/calls.ts).
  const media = deps.voice?.media ?? new WeriftMediaServer({ ...deps.voice?.mediaOptions, log: app.log });
  const calls = new VoiceCalls({
    routing: deps.routing,
    media,
    now: deps.now,
    log: app.log,
    // The sockets are made below; a frame is only ever sent after a leg answered.
    notify: (legId, frame) => voiceSockets.notify(legId, frame),
    ...(deps.voice?.rejoinGraceMs !== undefined ? { rejoinGraceMs: deps.voice.rejoinGraceMs } : {}),
  });
  deps.routing.addObserver(calls);
  // Calls cut by a restart end now (their media died with the process that held it).
  if (!deps.voice?.media)
    calls.endCallsCutByRestart().catch((err: unknown) => app.log.warn({ err }, 'ending the calls cut by a restart failed'));
  // Recording voice contacts (voice/recordings.ts): its own commit observer, Connect's
  // Start/Stop/Suspend/ResumeContactRecording, the admin endpoints for the files.
  const recordings = new Recordings({
    routing: deps.routing,
    store: deps.store,
    media,
    now: deps.now,
    log: app.log,
    dir: recordingsDir(deps.dataDir, () => mkdtempSync(join(tmpdir(), 'switchboard-recordings-'))),
  });
  deps.routing.addObserver(recordings);
  registerRestJson<AdminContext>(app, [...recordingOperations(recordings), recordingListOperation], { authorize });
  registerRecordingDownloads(app, { recordings, context: authorize });

  // Agent commands that run a Connect API operation (tasks) do so for the agent's instance only.
  const agentAdmin = (session: { readonly instanceId: string; readonly userId: string }): AdminContext =>
    adminContext({ accessKeyId: `agent:${session.userId}`, instanceIds: new Set([session.instanceId]) }, app.log);
  registerAgentApi(app, {
    sessions: deps.sessions,
    routing: deps.routing,
    now: deps.now,
    secureCookies: deps.https !== undefined,
    admin: agentAdmin,
    voice: calls,
    recording: recordings,
  });
  const agentSockets = createAgentSocketServer({
    sessions: deps.sessions,
    routing: deps.routing,
    now: deps.now,
    log: app.log,
    admin: agentAdmin,
    voice: calls,
    recording: recordings,
  });
  const onDigit = deps.voice?.onDigit;
  const voiceSockets = createVoiceSocketServer({
    media,
    authorize:
      deps.voice?.authorize ?? contactVoiceAuthorizer({ signer: deps.routing.signer, routing: deps.routing, now: deps.now }),
    log: app.log,
    onDigit: (grant, digit) => {
      calls.onDigit(grant, digit);
      onDigit?.(grant, digit);
    },
    onLegState: (grant, state, hungUp) => calls.onLegState(grant, state, hungUp),
    ...(deps.voice?.iceServers ? { iceServers: deps.voice.iceServers } : {}),
  });
  routeUpgrades(app.server, [agentSockets, chat.hub, voiceSockets], app.log);
  app.decorate('fastPathStats', fastPathStats);
  const sweep = setInterval(() => {
    deps.sessions.expire().catch((err: unknown) => app.log.warn({ err }, 'ending expired agent sessions failed'));
  }, deps.sessionSweepMs ?? SESSION_SWEEP_MS);
  sweep.unref();
  // preClose: open websockets would otherwise keep the HTTP server from closing.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    agentSockets.close();
    chat.close();
    voiceSockets.close();
    await recordings.close();
    await media.close();
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests answered before Fastify (http/fast-path.ts). */
    readonly fastPathStats: { readonly served: number };
  }
}
