/** Small HTTP helpers of the browser-mode server: JSON answers and bounded request bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail } from '../../electron/shared/contract';

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** True for `application/json` with or without parameters (media types are case-insensitive). */
export function isJsonType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** True when the request's Content-Length announces more than `max` bytes. */
export function announcesTooMuch(req: IncomingMessage, max: number): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > max;
}

/**
 * Answers 413 and closes the connection as soon as the answer is out: reading the rest of an oversized
 * body first (what Node does to keep a connection alive) would let one client keep the server busy.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, max: number): void {
  req.pause();
  const socket = req.socket;
  const cut = () => socket.destroy();
  // If the answer cannot be flushed (the peer does not read either), do not wait for it.
  const timer = setTimeout(cut, 1000);
  timer.unref?.();
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify(fail('USAGE', `request larger than ${max} bytes`)), () => {
    clearTimeout(timer);
    cut();
  });
}

/** The request body as text, or null once it passes `max` bytes (the caller answers 413 at once). */
export function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that goes away (or a request timeout) ends the body without 'end'.
    req.on('close', () => reject(new Error('the request was aborted')));
  });
}
