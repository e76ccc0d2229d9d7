import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listOpenFds } from '../../../native-bindings/linux/files';
import { parseInetTable, parseUnixTable } from '../../../native-bindings/linux/parse';
import { isGuardSocket, joinSockets, socketGuardName, socketHoldings } from '../../../native-bindings/linux/sockets';

describe('isGuardSocket', () => {
  const inet = (protocol: 'tcp' | 'udp', state: number, localPort = 8080) => ({ protocol, family: 4 as const, localAddress: '127.0.0.1', localPort, remoteAddress: '0.0.0.0', remotePort: 0, state, uid: 0, inode: 1 });
  it.each([
    ['TCP LISTEN', inet('tcp', 0x0a), true],
    ['TCP ESTABLISHED (a connection, not a guard)', inet('tcp', 0x01), false],
    ['UDP bound, unconnected', inet('udp', 0x07), true],
    ['UDP connected (a client)', inet('udp', 0x01), false],
    ['UDP on port 0 (unbound)', inet('udp', 0x07, 0), false],
    ['Unix listening with a path', { type: 1, state: 1, listening: true, inode: 1, path: '/run/a.sock' }, true],
    ['Unix bound datagram', { type: 2, state: 1, listening: false, inode: 1, path: '@name' }, true],
    ['Unix accepted connection (repeats the path)', { type: 1, state: 3, listening: false, inode: 1, path: '/run/a.sock' }, false],
    ['Unix unbound', { type: 1, state: 3, listening: false, inode: 1, path: null }, false],
  ])('%s -> %s', (_label, row, want) => {
    expect(isGuardSocket(row)).toBe(want);
  });
});

describe('joinSockets on captured tables', () => {
  const tables = {
    inet: parseInetTable('   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 501 1 0\n   1: 0100007F:1F90 0100007F:C000 01 00000000:00000000 00:00000000 00000000  1000        0 502 1 0\n', 'tcp', 4, true),
    unix: parseUnixTable('0000000080e17ea9: 00000002 00000000 00010000 0001 01 601 @app-guard\n0000000080e17eaa: 00000003 00000000 00000000 0001 03 602 @app-guard\n'),
  };
  it('matches fds by socket inode and names each guard', () => {
    const fds = [
      { pid: 10, fd: 3, target: 'socket:[501]' },
      { pid: 10, fd: 4, target: 'socket:[502]' },
      { pid: 10, fd: 5, target: 'socket:[601]' },
      { pid: 10, fd: 6, target: 'socket:[602]' },
      { pid: 10, fd: 7, target: '/tmp/socket:[501]' },
      { pid: 10, fd: 8, target: 'socket:[999]' },
    ];
    const held = joinSockets(fds, tables);
    expect(held.map((h) => [h.fd, socketGuardName(h)])).toEqual([
      [3, 'tcp:8080'],
      [5, '@app-guard'],
    ]);
    expect(held[0]).toMatchObject({ kind: 'port', address: '127.0.0.1', family: 4 });
    expect(held[1]).toMatchObject({ kind: 'unix', abstract: true, listening: true });
  });
});

describe.skipIf(process.platform !== 'linux')('socketHoldings of this process (real sockets)', { timeout: 30_000 }, () => {
  const closers: (() => Promise<void>)[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    // Last opened, first closed: a server closes only once its connections have.
    for (const c of closers.splice(0).reverse()) await c();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const listen = (server: Server, ...args: unknown[]) =>
    new Promise<void>((resolve) => {
      (server.listen as (...a: unknown[]) => void)(...args, () => resolve());
      closers.push(() => new Promise((r) => server.close(() => r())));
    });

  it('lists a TCP listener, a UDP bind, a path and an abstract Unix listener, and not a client connection', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'multiopen-sock-'));
    dirs.push(dir);
    const tcp = createServer();
    await listen(tcp, 0, '127.0.0.1');
    const tcpPort = (tcp.address() as { port: number }).port;
    const client: Socket = await new Promise((resolve) => {
      const c = createConnection(tcpPort, '127.0.0.1', () => resolve(c));
    });
    closers.push(async () => void client.destroy());
    const udp = createSocket('udp6');
    await new Promise<void>((r) => udp.bind(0, '::1', () => r()));
    closers.push(() => new Promise((r) => udp.close(() => r())));
    const sockPath = path.join(dir, 'guard.sock');
    await listen(createServer(), sockPath);
    // Node binds abstract names with the whole sun_path length (NUL padding): the guard name is trimmed.
    const abstract = `multiopen-sockets-test-${process.pid}`;
    await listen(createServer(), `\0${abstract}`);

    const fds = await listOpenFds(process.pid);
    if (!fds.ok) throw new Error('fds');
    const names = (await socketHoldings(fds.value)).map(socketGuardName);
    expect(names).toContain(`tcp:${tcpPort}`);
    expect(names).toContain(`udp:${udp.address().port}`);
    expect(names).toContain(sockPath);
    expect(names).toContain(`@${abstract}`);
    // The client's local port is not a guard, and the listener is listed once.
    expect(names).not.toContain(`tcp:${client.localPort}`);
    expect(names.filter((n) => n === `tcp:${tcpPort}`)).toHaveLength(1);
  });
});
