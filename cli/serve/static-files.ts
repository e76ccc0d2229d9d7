/**
 * The built renderer, as the browser mode serves it: the files found in the static folder at start-up,
 * read once into memory. A request names one of them exactly or gets 404, so no path is ever resolved
 * against the disk — no traversal, no Windows device names (CON, NUL, AUX, ...), no alternate data
 * streams, and nothing written into the folder later.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';

/** A file of the built renderer. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// A build is a few files of a few MB; more means the wrong folder was given (e.g. a drive root).
const MAX_FILES = 2000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

// Fluent UI (griffel) inserts <style> rules at run time, hence 'unsafe-inline' for styles only.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Reads every regular file under `root` (links are skipped), keyed by URL path ("/assets/index-abc.js"). */
export async function loadStaticFiles(root: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  let total = 0;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // a missing folder serves nothing; `multiopen serve` checks for index.html itself
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const urlPath = `${prefix}/${entry.name}`;
      // Dirent does not follow links: a link could point anywhere, so only real files and folders count.
      if (entry.isDirectory()) await walk(full, urlPath);
      else if (entry.isFile()) {
        total += (await fs.stat(full)).size;
        if (files.size >= MAX_FILES || total > MAX_TOTAL_BYTES) throw new Error(`${root} is too large to be the built UI`);
        const body = await fs.readFile(full);
        files.set(urlPath, { body, contentType: MIME[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream' });
      }
    }
  };
  await walk(path.resolve(root), '');
  return files;
}

/** Answers a GET/HEAD for `pathname` from the loaded files: "/" is index.html, anything unknown 404. */
export function serveStaticFile(files: ReadonlyMap<string, StaticFile>, pathname: string, res: ServerResponse): void {
  let name: string;
  try {
    name = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
  } catch {
    name = ''; // malformed escapes name no file
  }
  const file = files.get(name);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  const headers: Record<string, string> = { 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) };
  if (file.contentType.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
  res.writeHead(200, headers);
  res.end(file.body);
}
