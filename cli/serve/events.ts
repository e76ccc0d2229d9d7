/**
 * The browser mode's event stream (GET /api/events, Server-Sent Events): a bounded set of pages, each
 * kept alive by a heartbeat and dropped when it stops reading, so no page can make the server hoard memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Limits of the event stream. */
export interface EventStreamLimits {
  /** Pages connected at once; one more is answered 503. */
  maxClients: number;
  /** Interval of the keep-alive comment (proxies and idle timers drop silent connections). */
  heartbeatMs: number;
  /** Bytes queued for one page beyond which it is taken for not reading and disconnected. */
  maxBacklogBytes: number;
}

/** The connected pages and what is sent to them. */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly limits: EventStreamLimits) {}

  /** How many pages are connected. */
  get size(): number {
    return this.clients.size;
  }

  /** True when one more page may connect. */
  get hasRoom(): boolean {
    return this.clients.size < this.limits.maxClients;
  }

  /** Turns the response into a stream for this page (the caller checked `hasRoom`). */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    this.clients.add(res);
    req.on('close', () => this.drop(res));
    res.on('close', () => this.drop(res));
    this.write(res, ': connected\n\n');
    this.heartbeat ??= setInterval(() => this.broadcast(': ping\n\n'), this.limits.heartbeatMs);
    // The heartbeat alone must not keep a stopping process alive.
    this.heartbeat.unref?.();
  }

  /** Sends one event to every page. */
  emit(event: string, payload: unknown): void {
    this.broadcast(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    for (const res of [...this.clients]) {
      this.clients.delete(res);
      res.end();
    }
    this.stopHeartbeat();
  }

  private broadcast(frame: string): void {
    for (const res of [...this.clients]) this.write(res, frame);
  }

  private write(res: ServerResponse, frame: string): void {
    res.write(frame);
    // A page that does not read leaves everything queued in our memory; past the limit it is cut off.
    if (res.writableLength > this.limits.maxBacklogBytes) {
      this.drop(res);
      res.destroy();
    }
  }

  private drop(res: ServerResponse): void {
    if (!this.clients.delete(res)) return;
    if (this.clients.size === 0) this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
