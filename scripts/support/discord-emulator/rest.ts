/**
 * The HTTP side: a tiny router for REST v10 under /api/v10, Authorization checks, body
 * parsing (JSON and multipart `payload_json`), request recording, Discord-style error
 * bodies and injected failures (429 with rate-limit headers, 403, 404, 5xx...).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, defaultErrorMessage } from './errors.js';
import type { EventLog, RecordedRequest, UploadedFile } from './events.js';

export interface HttpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: UploadedFile[];
  request: RecordedRequest;
}

interface Route {
  method: string;
  segments: string[];
  /** Needs `Authorization: Bot <token>` (interaction and webhook-token routes do not). */
  auth: boolean;
  handle: (ctx: RouteContext) => HttpReply | Promise<HttpReply>;
}

export interface FailureRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /**
   * Which requests fail: a RegExp tested against the path below /api/v10, or a string that
   * is either an exact path or a pattern with `:param` segments
   * (e.g. '/interactions/:id/:token/callback').
   */
  route: string | RegExp;
  status: number;
  /** Discord JSON error code (e.g. 50013 Missing Permissions, 10003 Unknown Channel). */
  code?: number;
  message?: string;
  /** 429 only: seconds until retry (Retry-After header and `retry_after`). Default 0.25. */
  retryAfter?: number;
  /** 429 only: a global rate limit. */
  global?: boolean;
  /** How many matching requests fail. Default 1. */
  times?: number;
}

interface ArmedFailure {
  rule: FailureRule;
  remaining: number;
}

const API_PREFIX = '/api/v10';

export class HttpApi {
  readonly server: Server;
  private readonly routes: Route[] = [];
  private readonly failures: ArmedFailure[] = [];
  readonly requests: RecordedRequest[] = [];

  constructor(
    private readonly token: string,
    private readonly log: EventLog,
  ) {
    this.server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
  }

  async listen(port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('discord emulator: server has no TCP address');
    return address;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // undici keeps connections alive; without this close() would wait for them to time out.
    this.server.closeAllConnections();
    await closed;
  }

  route(method: string, pattern: string, handle: Route['handle'], opts: { auth?: boolean } = {}): void {
    this.routes.push({ method, segments: split(pattern), auth: opts.auth ?? true, handle });
  }

  failNext(rule: FailureRule): void {
    this.failures.push({ rule, remaining: rule.times ?? 1 });
  }

  private takeFailure(method: string, path: string): FailureRule | undefined {
    const armed = this.failures.find(
      (f) => f.remaining > 0 && (!f.rule.method || f.rule.method.toUpperCase() === method) && routeMatches(f.rule.route, path),
    );
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.failures.splice(this.failures.indexOf(armed), 1);
    return armed.rule;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
    const path = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: null,
      files: [],
      authorized: req.headers.authorization === `Bot ${this.token}`,
      status: 0,
      unknownRoute: false,
      injected: false,
      at: Date.now(),
    };
    this.requests.push(record);

    let reply: HttpReply;
    try {
      const raw = await readBody(req);
      const parsed = await parseBody(req.headers['content-type'] ?? '', raw);
      record.body = parsed.body;
      record.files = parsed.files;
      reply = await this.handle(method, path, versioned, record, parsed);
    } catch (error) {
      reply = errorReply(error);
    }
    record.status = reply.status;
    this.log.push({ kind: 'request', request: record });
    send(res, reply);
  }

  private async handle(method: string, path: string, versioned: boolean, record: RecordedRequest, parsed: ParsedBody): Promise<HttpReply> {
    if (parsed.invalidJson) throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
    const injected = this.takeFailure(method, path);
    if (injected) {
      record.injected = true;
      return injectedReply(injected, method, path);
    }
    const segments = split(path);
    let pathKnown = false;
    for (const route of versioned ? this.routes : []) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      if (route.auth && !record.authorized) throw new ApiError(401, 0);
      const reply = await route.handle({ params, query: record.query, body: parsed.body, files: parsed.files, request: record });
      // Plenty of room in every bucket: real headers, but never a reason for the client to wait.
      reply.headers = {
        'x-ratelimit-limit': '50',
        'x-ratelimit-remaining': '49',
        'x-ratelimit-reset-after': '1',
        'x-ratelimit-reset': String(Date.now() / 1000 + 1),
        'x-ratelimit-bucket': bucketHash(method, path),
        ...reply.headers,
      };
      return reply;
    }
    record.unknownRoute = true;
    return pathKnown ? errorReply(new ApiError(405, 0)) : errorReply(new ApiError(404, 0));
  }
}

interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  invalidJson: boolean;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

async function parseBody(contentType: string, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, files: [], invalidJson: false };
  if (contentType.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')), files: [], invalidJson: false };
    } catch {
      return { body: null, files: [], invalidJson: true };
    }
  }
  if (contentType.startsWith('multipart/form-data')) {
    // discord.js sends uploads as multipart with the JSON in `payload_json`.
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown = null;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        if (name === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field: name, name: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files, invalidJson: false };
  }
  return { body: raw.toString('utf8'), files: [], invalidJson: false };
}

function errorReply(error: unknown): HttpReply {
  if (error instanceof ApiError) return { status: error.status, body: error.body() };
  // A bug in the emulator itself: surface it loudly as a 500 with the message.
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { message: `emulator error: ${message}`, code: 0 } };
}

function injectedReply(rule: FailureRule, method: string, path: string): HttpReply {
  if (rule.status !== 429) {
    const code = rule.code ?? 0;
    return { status: rule.status, body: { message: rule.message ?? defaultErrorMessage(rule.status, code), code } };
  }
  const retryAfter = rule.retryAfter ?? 0.25;
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-bucket': bucketHash(method, path),
    'x-ratelimit-scope': rule.global ? 'global' : 'user',
  };
  if (rule.global) headers['x-ratelimit-global'] = 'true';
  const body: Record<string, unknown> = {
    message: rule.message ?? 'You are being rate limited.',
    retry_after: retryAfter,
    global: rule.global ?? false,
  };
  if (rule.code !== undefined) body['code'] = rule.code;
  return { status: 429, body, headers };
}

function send(res: ServerResponse, reply: HttpReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const a = actual[i] ?? '';
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(a);
    else if (p !== a) return null;
  }
  return params;
}

function routeMatches(route: string | RegExp, path: string): boolean {
  if (route instanceof RegExp) return route.test(path);
  if (route === path) return true;
  return matchSegments(split(route), split(path)) !== null;
}

/** A stable per-route bucket id, as Discord's X-RateLimit-Bucket. */
export function bucketHash(method: string, path: string): string {
  const template = path.replace(/\d{16,20}/g, ':id');
  return createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 16);
}
