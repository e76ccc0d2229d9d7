/**
 * Starting the Linux fixture programs (tests/fixtures/linux) from tests: build once, start a copy in its
 * own temporary folder, wait for its "started" or "refused" log line, and end every copy afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Where build.sh puts the programs. */
export const FIXTURE_BIN = path.resolve('tests/fixtures/linux/bin');

/** The fixture programs, by the name build.sh gives them. */
export type FixtureName = 'pidfile-app' | 'flock-app' | 'posixlock-app' | 'tcp-port-app' | 'udp-port-app' | 'unixsock-app' | 'abstractsock-app' | 'dbusname-app';

/** On Linux the real fixtures are built and run; a missing gcc or dbus fails the tests (scripts/system-deps.sh installs them), it never skips them. */
export const CAN_RUN_FIXTURES = process.platform === 'linux';

/** True when a command is on PATH. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the fixtures (idempotent; build.sh skips what is up to date). */
export function buildFixtures(): void {
  execFileSync('bash', ['tests/fixtures/linux/build.sh'], { stdio: 'pipe' });
}

/** A started copy: its PID, how it ended (when it did), and the log it shares with its siblings. */
export interface Copy {
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * The folder every fixture run of this test process lives in: a pidfile search over it sees only the
 * fixtures' files, however full the machine's /tmp is (the search stops after a fixed number of entries).
 */
export function fixtureRoot(): string {
  const dir = path.join(tmpdir(), `multiopen-linux-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One test's fixture world: a temporary folder, a shared log, and every copy started, to end them all. */
export class FixtureRun {
  readonly dir = mkdtempSync(path.join(fixtureRoot(), 'run-'));
  readonly log = path.join(this.dir, 'log');
  private readonly copies: Copy[] = [];

  constructor(readonly env: Record<string, string> = {}) {}

  /** Starts a copy and waits until it has logged "started" or "refused" (or exited). */
  async start(name: FixtureName, env: Record<string, string> = {}): Promise<{ copy: Copy; word: string | null }> {
    const child = spawn(path.join(FIXTURE_BIN, name), [], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, MULTIOPEN_FIXTURE_DIR: this.dir, MULTIOPEN_FIXTURE_LOG: this.log, ...this.env, ...env },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const copy: Copy = { pid: child.pid!, child, exited };
    this.copies.push(copy);
    // The program prints its PID first; that it matches child.pid shows no wrapper stands between them.
    const printed = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', () => resolve(out.split('\n')[0]!));
    });
    if (Number(printed) !== copy.pid) throw new Error(`${name} printed "${printed}", expected its PID ${copy.pid}`);
    const word = await this.waitForWord(copy, exited);
    return { copy, word };
  }

  /** The words a PID logged, in order. */
  words(pid: number): string[] {
    let text = '';
    try {
      text = readFileSync(this.log, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((l) => l.startsWith(`${pid} `)).map((l) => l.slice(String(pid).length + 1));
  }

  /** Waits for a copy's first log word; polls the log file, bounded by the copy exiting or 20 s. */
  private async waitForWord(copy: Copy, exited: Promise<number | null>): Promise<string | null> {
    let done = false;
    void exited.then(() => (done = true));
    for (let i = 0; i < 400; i++) {
      const w = this.words(copy.pid)[0];
      if (w) return w;
      if (done) return this.words(copy.pid)[0] ?? null;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  /** Kills every copy still running and waits for each to be gone; returns the PIDs that were killed. */
  async end(): Promise<number[]> {
    const killed: number[] = [];
    for (const c of this.copies) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.kill('SIGKILL');
        killed.push(c.pid);
      }
      await c.exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    return killed;
  }

  /** True when every copy this run started has exited. */
  allGone(): boolean {
    return this.copies.every((c) => c.child.exitCode !== null || c.child.signalCode !== null);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it). */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

/** A private session bus (dbus-daemon --session --fork): its address and its daemon's PID, to kill after. */
export function startPrivateBus(): { address: string; pid: number } {
  const out = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { encoding: 'utf8' }).trim().split('\n');
  return { address: out[0]!.trim(), pid: Number(out[1]) };
}
