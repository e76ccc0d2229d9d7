/**
 * Browser mode: serves the built renderer and the IPC contract over HTTP on 127.0.0.1, so the same UI
 * runs in a plain browser against the real engine. Requests: POST /api/<channel> with a JSON payload;
 * events: GET /api/events (Server-Sent Events). Dependency-free on purpose (runs under node.exe/Wine).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { LogPort } from '../../core/activity-log';
import type { EngineApi, Outcome } from '../../core/model';
import { TOKEN_HEADER } from '../../core/policy';
import { fail, isChannel, parseRequest, type Channel, type EventMap, type HostInfo } from '../../electron/shared/contract';
import { copyFolderOf } from '../../electron/shared/copy-folder';
import { dispatchEngine, isEngineChannel } from '../../electron/shared/dispatch';
import { EventStream } from './events';
import { announcesTooMuch, isJsonType, readBody, refuseTooLarge, sendJson } from './http';
import { loadStaticFiles, serveStaticFile } from './static-files';

/** Options of the browser-mode server. */
export interface ServeOptions {
  engine: EngineApi;
  /** Folder of the built renderer (dist/renderer); its files are listed and read once, at start-up. */
  staticDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Shown by `app.info`. */
  version?: string;
  /** Overrides of `DEFAULT_LIMITS` (tests shorten the timers). */
  limits?: Partial<ServeLimits>;
  /** Folder of the log files, answered by `app.openLogFolder` (a browser page cannot open it). */
  logFolder?: string;
  /** Told of every refused request (bad Host, token, channel, method, type or payload); never of the token. */
  log?: LogPort;
}

/** What one page or connection may cost the server. */
export interface ServeLimits {
  /** Event-stream pages connected at once (the next is answered 503). */
  maxEventClients: number;
  /** Interval of the event stream's keep-alive comment. */
  heartbeatMs: number;
  /** Bytes queued for one event-stream page before it is taken for not reading and cut off. */
  maxEventBacklogBytes: number;
  /** Largest request body; a larger one is answered 413 and its connection closed. */
  maxBodyBytes: number;
  /** Time a client has to send a whole request (Node's default is 300 s). */
  requestTimeoutMs: number;
  /** Time a client has to send the request headers. */
  headersTimeoutMs: number;
}

/** The limits `multiopen serve` runs with. */
export const DEFAULT_LIMITS: Readonly<ServeLimits> = {
  maxEventClients: 16,
  heartbeatMs: 15_000,
  maxEventBacklogBytes: 4 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 20_000,
};

/** A running server. */
export interface RunningServer {
  /** Address to open, token included. */
  url: string;
  token: string;
  port: number;
  /** Pushes an event to every connected page (e.g. the engine's `onWatchEvent` → 'watch.event'). */
  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void;
  close(): Promise<void>;
}

/** Header that carries the token; the query parameter `token` is accepted on GET /api/events only (EventSource cannot set headers). */
export { TOKEN_HEADER };

/** The HTTP status of a channel's answer, from its error code: a request the caller got wrong is 400; failures of the operation itself are answers (200). */
export function httpStatusOf(answer: Outcome<unknown>): number {
  return !answer.ok && answer.error.code === 'USAGE' ? 400 : 200;
}

/** Starts the browser-mode server on 127.0.0.1. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const staticFiles = await loadStaticFiles(options.staticDir);
  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const events = new EventStream({ maxClients: limits.maxEventClients, heartbeatMs: limits.heartbeatMs, maxBacklogBytes: limits.maxEventBacklogBytes });
  let port = 0;

  const emit = <E extends keyof EventMap>(event: E, payload: EventMap[E]) => events.emit(event, payload);

  const hostAllowed = (req: IncomingMessage): boolean => {
    // A page served from another name that resolves to 127.0.0.1 (DNS rebinding) sends its own Host.
    const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowed.includes(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || allowed.some((a) => origin === `http://${a}`);
  };

  // A token in a URL ends up in history and logs, so only the event stream, which cannot send headers, may use one.
  const tokenOk = (req: IncomingMessage, url: URL, queryAllowed: boolean): boolean => {
    const header = req.headers[TOKEN_HEADER];
    const given = (typeof header === 'string' ? header : undefined) ?? (queryAllowed ? url.searchParams.get('token') : null) ?? '';
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };

  const timeouts = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    // Node checks the two timeouts only this often (30 s by default), which would double them.
    connectionsCheckingInterval: Math.max(10, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const server = createServer(timeouts, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.destroyed || req.socket.destroyed) return;
      if (!res.headersSent) sendJson(res, 500, fail('OS_ERROR', `server error: ${err instanceof Error ? err.message : String(err)}`));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    // The path only: the query may carry the token.
    const refuse = (status: number, answer: Extract<Outcome<unknown>, { ok: false }>, headers?: Record<string, string>) => {
      options.log?.warn(`serve ${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]} -> ${status} ${answer.error.code} (${answer.error.message})`);
      sendJson(res, status, answer, headers);
    };
    const tooLarge = () => {
      options.log?.warn(`serve ${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]} -> 413 USAGE (request larger than ${limits.maxBodyBytes} bytes)`);
      refuseTooLarge(req, res, limits.maxBodyBytes);
    };
    if (!hostAllowed(req)) return refuse(403, fail('ACCESS_DENIED', 'bad Host or Origin'));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // No CORS: a pre-flight is refused, so another origin never gets to send what needs one.
    if (req.method === 'OPTIONS') return refuse(405, fail('USAGE', 'method not allowed'), { Allow: allowedMethods(url.pathname) });
    if (url.pathname.startsWith('/api/')) {
      if (announcesTooMuch(req, limits.maxBodyBytes)) return tooLarge();
      const name = url.pathname.slice('/api/'.length);
      if (name === 'events') {
        if (req.method !== 'GET') return refuse(405, fail('USAGE', 'use GET'), { Allow: 'GET' });
        if (!tokenOk(req, url, true)) return refuse(401, fail('ACCESS_DENIED', 'missing or wrong token'));
        if (!events.hasRoom) return sendJson(res, 503, fail('USAGE', 'too many pages are connected; close one'), { 'Retry-After': '5' });
        return events.open(req, res);
      }
      if (!tokenOk(req, url, false)) return refuse(401, fail('ACCESS_DENIED', 'missing or wrong token'));
      if (!isChannel(name)) return refuse(404, fail('USAGE', `unknown channel ${name}`));
      if (req.method !== 'POST') return refuse(405, fail('USAGE', 'use POST'), { Allow: 'POST' });
      // A cross-origin page can POST text/plain or a form without asking; application/json needs a pre-flight.
      if (!isJsonType(req.headers['content-type'])) return refuse(415, fail('USAGE', 'send Content-Type: application/json'));
      const body = await readBody(req, limits.maxBodyBytes);
      if (body === null) return tooLarge();
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return refuse(400, fail('USAGE', 'body is not JSON'));
      }
      const answer = await answerChannel(name, payload);
      if (!answer.ok && httpStatusOf(answer) !== 200) return refuse(httpStatusOf(answer), answer);
      return sendJson(res, httpStatusOf(answer), answer);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, fail('USAGE', 'method not allowed'), { Allow: 'GET, HEAD' });
    return serveStaticFile(staticFiles, url.pathname, res);
  }

  async function answerChannel(channel: Channel, payload: unknown) {
    if (isEngineChannel(channel)) return dispatchEngine(options.engine, channel, payload, emit);
    if (channel === 'app.info') {
      const info: HostInfo = { shell: 'browser', canRestartElevated: false, version: options.version ?? '0.0.0' };
      return { ok: true as const, value: info };
    }
    if (channel === 'app.openLogFolder') return { ok: true as const, value: { folder: options.logFolder ?? '', opened: false } };
    if (channel === 'copies.openFolder') {
      // A page cannot open a folder on the machine: it is told where the copy's folder is.
      const req = parseRequest('copies.openFolder', payload);
      if (!req.ok) return req;
      const folder = copyFolderOf(await options.engine.listInstances({ preset: req.value.preset }), req.value.preset, req.value.index);
      return folder.ok ? { ok: true as const, value: { folder: folder.value, opened: false } } : folder;
    }
    return fail('UNSUPPORTED', 'restart the serve command from an elevated terminal to run as administrator');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    emit,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function allowedMethods(pathname: string): string {
  if (pathname === '/api/events') return 'GET';
  return pathname.startsWith('/api/') ? 'POST' : 'GET, HEAD';
}
