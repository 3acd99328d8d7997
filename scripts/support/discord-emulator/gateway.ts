/**
 * Gateway v10 over a real WebSocket: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE,
 * sequence numbers, RESUME with replay of missed dispatches, INVALID_SESSION, close codes.
 * JSON encoding only; `compress=zlib-stream` is honoured (one shared deflate context per
 * connection, each payload ending with a Z_SYNC_FLUSH marker) though discord.js 14.28 only
 * asks for it when the optional zlib-sync package is installed.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApplicationFlags, GatewayReadyDispatchData } from 'discord.js';
import { isRecord } from './errors.js';
import type { EventLog } from './events.js';
import { NO_FLAGS, type World } from './state.js';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const GatewayClose = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
} as const;

interface Frame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface Dispatched {
  s: number;
  t: string;
  d: unknown;
}

const REPLAY_BUFFER = 5000;
const SYNC_FLUSH_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

class Connection {
  sessionId: string | null = null;
  closedByEmulator = false;
  private deflate: zlib.Deflate | null = null;
  private pending: Buffer[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly url: string,
    compress: boolean,
  ) {
    if (compress) {
      this.deflate = zlib.createDeflate();
      this.deflate.on('data', (chunk: Buffer) => this.pending.push(chunk));
      this.deflate.on('error', () => {
        /* only after close; nothing left to send */
      });
    }
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(frame: Frame): void {
    const json = JSON.stringify(frame);
    const deflate = this.deflate;
    if (!this.open) return;
    if (!deflate) {
      this.ws.send(json);
      return;
    }
    // zlib-stream: frames must leave in order, each ending at a sync-flush boundary.
    this.queue = this.queue.then(
      () =>
        new Promise<void>((resolve) => {
          if (!this.open) {
            resolve(); // closed while queued: the deflate stream is gone too
            return;
          }
          deflate.write(json);
          deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            const emit = (): void => {
              if (!this.open) {
                resolve();
                return;
              }
              const out = Buffer.concat(this.pending);
              if (out.length < 4 || !out.subarray(out.length - 4).equals(SYNC_FLUSH_SUFFIX)) {
                setImmediate(emit); // the flushed bytes are still on their way out of the stream
                return;
              }
              this.pending = [];
              this.ws.send(out);
              resolve();
            };
            emit();
          });
        }),
    );
  }

  close(code: number, reason: string): void {
    this.closedByEmulator = true;
    if (this.open) this.ws.close(code, reason);
    this.deflate?.close();
  }

  terminate(): void {
    this.closedByEmulator = true;
    this.ws.terminate();
    this.deflate?.close();
  }
}

export interface GatewaySession {
  id: string;
  seq: number;
  /** Dispatches sent in this session (bounded), replayed on RESUME. */
  dispatches: Dispatched[];
  connection: Connection | null;
  ended: boolean;
  /** READY and every GUILD_CREATE have been sent. */
  ready: boolean;
  identifiedAt: number;
}

export interface GatewayOptions {
  world: World;
  log: EventLog;
  token: string;
  heartbeatIntervalMs: number;
  /** ws://host:port, known once the HTTP server listens. */
  baseUrl: () => string;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  readonly sessions = new Map<string, GatewaySession>();
  private nextConnectionId = 1;
  identifyCount = 0;

  constructor(private readonly options: GatewayOptions) {}

  /** Every upgrade request is a gateway connection, whatever the path (the gateway URL has none). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  get resumeUrl(): string {
    // A distinct path so tests can tell a resume connection from a fresh one.
    return `${this.options.baseUrl()}/resume`;
  }

  /** The session new dispatches go to: the most recently identified one still alive. */
  activeSession(): GatewaySession | undefined {
    let best: GatewaySession | undefined;
    for (const session of this.sessions.values()) {
      if (!session.ended && (!best || session.identifiedAt >= best.identifiedAt)) best = session;
    }
    return best;
  }

  isReady(): boolean {
    const session = this.activeSession();
    return !!session && session.ready && !!session.connection?.open;
  }

  /**
   * Sends a dispatch in the active session. While the client is disconnected the dispatch
   * is only buffered, and delivered when it RESUMEs (as Discord does).
   */
  dispatch(t: string, d: unknown): number {
    const session = this.activeSession();
    if (!session) throw new Error(`discord emulator: no gateway session to dispatch ${t} to (has the client logged in?)`);
    return this.dispatchTo(session, t, d);
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): number {
    session.seq += 1;
    const entry: Dispatched = { s: session.seq, t, d };
    session.dispatches.push(entry);
    if (session.dispatches.length > REPLAY_BUFFER) session.dispatches.shift();
    const connection = session.connection;
    if (connection?.open) this.send(connection, { op: GatewayOp.Dispatch, d, s: entry.s, t });
    return entry.s;
  }

  /** Closes the active session's socket without ending the session, so the client resumes. */
  async dropConnection(opts: { code?: number; terminate?: boolean } = {}): Promise<void> {
    const connection = this.activeSession()?.connection;
    if (!connection) throw new Error('discord emulator: no connected gateway session to drop');
    const closed = new Promise<void>((resolve) => connection.ws.once('close', () => resolve()));
    if (opts.terminate) connection.terminate();
    else connection.close(opts.code ?? GatewayClose.UnknownError, 'emulator dropped the connection');
    await closed;
  }

  /** op 9: `resumable` false makes the client identify again from scratch. */
  invalidateSession(resumable: boolean): void {
    const session = this.activeSession();
    const connection = session?.connection;
    if (!session || !connection) throw new Error('discord emulator: no connected gateway session');
    if (!resumable) session.ended = true;
    this.send(connection, { op: GatewayOp.InvalidSession, d: resumable, s: null, t: null });
  }

  /** op 7: asks the client to reconnect and resume. */
  requestReconnect(): void {
    const connection = this.activeSession()?.connection;
    if (!connection) throw new Error('discord emulator: no connected gateway session');
    this.send(connection, { op: GatewayOp.Reconnect, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(connection: Connection, frame: Frame): void {
    this.options.log.push({ kind: 'gateway.send', connectionId: connection.id, op: frame.op, t: frame.t, s: frame.s, d: frame.d });
    connection.send(frame);
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://localhost');
    const params = url.searchParams;
    const connection = new Connection(
      this.nextConnectionId++,
      ws,
      `${url.pathname}${url.search}`,
      params.get('compress') === 'zlib-stream',
    );
    this.connections.add(connection);
    this.options.log.push({ kind: 'gateway.open', connectionId: connection.id, url: connection.url });

    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    ws.on('close', (code) => this.onClose(connection, code));
    ws.on('error', () => {
      /* a reset socket is reported through 'close' as well */
    });

    if (params.get('v') !== '10') {
      connection.close(GatewayClose.InvalidApiVersion, 'Invalid API version');
      return;
    }
    const encoding = params.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      connection.close(GatewayClose.DecodeError, 'Only encoding=json is emulated');
      return;
    }
    this.send(connection, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    this.options.log.push({
      kind: 'gateway.close',
      connectionId: connection.id,
      code,
      by: connection.closedByEmulator ? 'emulator' : 'client',
    });
    const session = connection.sessionId ? this.sessions.get(connection.sessionId) : undefined;
    if (!session || session.connection !== connection) return;
    session.connection = null;
    // A normal close (1000/1001) ends the session on Discord's side; anything else may be resumed.
    if (code === 1000 || code === 1001) session.ended = true;
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let frame: unknown;
    try {
      if (isBinary) throw new Error('binary frames need encoding=etf or payload compression');
      frame = JSON.parse(rawToString(data));
    } catch {
      connection.close(GatewayClose.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(frame) || typeof frame['op'] !== 'number') {
      connection.close(GatewayClose.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = frame['op'];
    const d = frame['d'];
    this.options.log.push({ kind: 'gateway.receive', connectionId: connection.id, op, d: redactToken(d) });

    switch (op) {
      case GatewayOp.Heartbeat:
        this.send(connection, { op: GatewayOp.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOp.Identify:
        this.identify(connection, d);
        return;
      case GatewayOp.Resume:
        this.resume(connection, d);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestGuildMembers:
        if (!connection.sessionId) connection.close(GatewayClose.NotAuthenticated, 'Not authenticated.');
        return; // accepted and ignored
      default:
        connection.close(GatewayClose.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(connection: Connection, d: unknown): void {
    if (connection.sessionId) {
      connection.close(GatewayClose.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isRecord(d) || d['token'] !== this.options.token) {
      connection.close(GatewayClose.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (typeof d['intents'] !== 'number') {
      connection.close(GatewayClose.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    const shard = d['shard'];
    if (shard !== undefined && !(Array.isArray(shard) && shard[0] === 0 && shard[1] === 1)) {
      connection.close(GatewayClose.InvalidShard, 'Invalid shard.');
      return;
    }
    this.identifyCount += 1;
    const { world } = this.options;
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      dispatches: [],
      connection,
      ended: false,
      ready: false,
      identifiedAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    connection.sessionId = session.id;

    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: world.botUser,
      guilds: [...world.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard: [0, 1],
      application: { id: world.applicationId, flags: NO_FLAGS as ApplicationFlags, flags_new: '0' },
    };
    this.dispatchTo(session, 'READY', ready);
    // Guilds arrive as lazy GUILD_CREATEs after READY, as on Discord.
    for (const guild of world.guilds.values()) this.dispatchTo(session, 'GUILD_CREATE', world.guildCreatePayload(guild));
    session.ready = true;
    this.options.log.push({ kind: 'session.ready', sessionId: session.id, connectionId: connection.id });
  }

  private resume(connection: Connection, d: unknown): void {
    if (!isRecord(d) || d['token'] !== this.options.token) {
      connection.close(GatewayClose.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = typeof d['session_id'] === 'string' ? this.sessions.get(d['session_id']) : undefined;
    const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
    const oldest = session?.dispatches[0]?.s ?? 1;
    if (!session || session.ended || seq > session.seq || seq < oldest - 1) {
      // Not resumable: the client must identify again.
      this.send(connection, { op: GatewayOp.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const previous = session.connection;
    if (previous && previous !== connection) previous.close(GatewayClose.UnknownError, 'Session resumed elsewhere');
    session.connection = connection;
    connection.sessionId = session.id;
    const missed = session.dispatches.filter((entry) => entry.s > seq);
    for (const entry of missed) this.send(connection, { op: GatewayOp.Dispatch, d: entry.d, s: entry.s, t: entry.t });
    this.dispatchTo(session, 'RESUMED', { _trace: ['papershelf-discord-emulator'] });
    this.options.log.push({ kind: 'session.resumed', sessionId: session.id, connectionId: connection.id, replayed: missed.length });
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Never keep the bot token in the event log (tests print it on failure). */
function redactToken(d: unknown): unknown {
  if (isRecord(d) && 'token' in d) return { ...d, token: '[redacted]' };
  return d;
}
