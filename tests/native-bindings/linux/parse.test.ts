import { describe, expect, it } from 'vitest';
import {
  decodeInetAddress,
  filePathOfLink,
  parseBootTime,
  parseFdInfo,
  parseInetTable,
  parseLockLine,
  parseLocks,
  parseStat,
  parseStatusUid,
  parseUnixTable,
  pidfilePid,
  socketInode,
} from '../../../native-bindings/linux/parse';

// Captured on Linux 6.18 x86_64 (little-endian) while the fixtures ran; inodes and PIDs as they were.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1661 1 0000000017029270 100 0 0 10 0
   1: 0100007F:B807 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 57739 1 00000000ede086c7 100 0 0 10 0
   2: 0100007F:B807 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 0 1 00000000ede086c8 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:B9C3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 129634 1 000000005f58ba40 100 0 0 10 0
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 1914: 00000000000000000000000000000000:B9C4 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 129635 2 000000005d35d504 0
`;
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
000000003407cf3a: 00000003 00000000 00000000 0001 03 52856
0000000080e17ea9: 00000002 00000000 00010000 0001 01 118144 /tmp/tmp.poya9MP9Af/app.sock
0000000058ec7051: 00000002 00000000 00010000 0001 01 118294 @mo-test-abs
0000000011112222: 00000002 00000000 00000000 0002 01 118300 /run/my app/with space.sock
0000000033334444: 00000003 00000000 00000000 0001 03 118301 /tmp/tmp.poya9MP9Af/app.sock
`;
const LOCKS = `1: POSIX  ADVISORY  WRITE 2326 fe:00:2269579 0 EOF
2: FLOCK  ADVISORY  WRITE 2320 fe:00:2269579 0 EOF
2: -> FLOCK  ADVISORY  WRITE 2399 fe:00:2269579 0 EOF
3: POSIX  ADVISORY  WRITE 32329 fe:00:2269491 0 0
5: POSIX  ADVISORY  WRITE 2399 fe:00:2270724 1073741824 1073742335
6: OFDLCK ADVISORY  READ  -1 08:1f:12 0 EOF
7: LEASE  ACTIVE    READ  41 00:2d:77 0 EOF
not a lock line
`;

describe('parseStat', () => {
  it.each([
    ['3705 (cat) R 3691 3691 18244 0 -1 4194304 98 0 0 0 0 0 0 0 20 0 1 0 151437 3133440 390 18446744073709551615', { pid: 3705, comm: 'cat', state: 'R', ppid: 3691, session: 18244, startTicks: 151437 }],
    // A command name with spaces and ") (" inside: only the last ")" ends it.
    ['42 (my ) (app) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0', { pid: 42, comm: 'my ) (app', state: 'S', ppid: 1, session: 42, startTicks: 999 }],
    ['7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0', { pid: 7, comm: 'z', state: 'Z', ppid: 1, session: 7, startTicks: 5 }],
  ])('parses %s', (text, want) => {
    expect(parseStat(text)).toEqual(want);
  });

  it.each(['', 'garbage', '12 (x) S 1 2'])('refuses %j', (text) => {
    expect(parseStat(text)).toBeNull();
  });
});

describe('status and stat files', () => {
  it('reads the effective UID, not the real one', () => {
    expect(parseStatusUid('Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t0\n')).toBe(0);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
  });
  it('reads btime', () => {
    expect(parseBootTime('cpu  1 2 3\nbtime 1796180000\nprocesses 5\n')).toBe(1796180000);
    expect(parseBootTime('cpu 1\n')).toBeNull();
  });
});

describe('parseLocks', () => {
  const locks = parseLocks(LOCKS);
  it('keeps every lock line and skips others', () => {
    expect(locks).toHaveLength(7);
  });
  it('reads kind, access, pid, device in hex and inode in decimal', () => {
    expect(locks[1]).toEqual({ id: 2, blocked: false, kind: 'FLOCK', mode: 'ADVISORY', access: 'WRITE', pid: 2320, file: { major: 0xfe, minor: 0, inode: 2269579 }, start: 0, end: null });
    expect(locks[5]).toMatchObject({ kind: 'OFDLCK', access: 'READ', pid: -1, file: { major: 8, minor: 0x1f, inode: 12 } });
  });
  it('marks waiters ("->") as blocked', () => {
    expect(locks.map((l) => l.blocked)).toEqual([false, false, true, false, false, false, false]);
    expect(locks[2]).toMatchObject({ pid: 2399, kind: 'FLOCK' });
  });
  it('reads byte ranges, EOF as null', () => {
    expect(locks[3]).toMatchObject({ start: 0, end: 0 });
    expect(locks[4]).toMatchObject({ start: 1073741824, end: 1073742335 });
    expect(locks[0]!.end).toBeNull();
  });
  it('reads a lease line', () => {
    expect(locks[6]).toMatchObject({ kind: 'LEASE', mode: 'ACTIVE', pid: 41 });
  });
  it('refuses malformed lines', () => {
    expect(parseLockLine('1: FLOCK ADVISORY WRITE 12 fe:00 0 EOF')).toBeNull();
    expect(parseLockLine('')).toBeNull();
  });
});

describe('parseFdInfo', () => {
  it('reads pos, octal flags, mnt_id, ino and lock lines', () => {
    const info = parseFdInfo('pos:\t0\nflags:\t02100002\nmnt_id:\t29\nino:\t2269579\nlock:\t1: FLOCK  ADVISORY  WRITE 2320 fe:00:2269579 0 EOF\n');
    expect(info).toMatchObject({ pos: 0, flags: 0o2100002, mntId: 29, ino: 2269579 });
    expect(info.flags & 3).toBe(2);
    expect(info.locks).toHaveLength(1);
    expect(info.locks[0]).toMatchObject({ kind: 'FLOCK', pid: 2320, file: { inode: 2269579 } });
  });
  it('reads an fd without locks or ino (older kernels)', () => {
    expect(parseFdInfo('pos:\t12\nflags:\t0100000\nmnt_id:\t24\n')).toEqual({ pos: 12, flags: 0o100000, mntId: 24, ino: null, locks: [] });
  });
});

describe('decodeInetAddress', () => {
  it.each([
    ['0100007F', true, '127.0.0.1'],
    ['00000000', true, '0.0.0.0'],
    ['7F000001', false, '127.0.0.1'],
    ['00000000000000000000000001000000', true, '::1'],
    ['00000000000000000000000000000000', true, '::'],
    ['0000000000000000FFFF00000100007F', true, '::ffff:127.0.0.1'],
    ['B80D0120000000000000000001000000', true, '2001:db8::1'],
  ])('%s (little-endian %s) is %s', (hex, le, want) => {
    expect(decodeInetAddress(hex, le)).toBe(want);
  });
  it.each(['', '0100007', 'zz00007F'])('refuses %j', (hex) => {
    expect(decodeInetAddress(hex, true)).toBeNull();
  });
});

describe('parseInetTable', () => {
  it('reads TCP rows: address, port from hex, state, uid, inode', () => {
    const rows = parseInetTable(TCP, 'tcp', 4, true);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ protocol: 'tcp', family: 4, localAddress: '0.0.0.0', localPort: 2024, remoteAddress: '0.0.0.0', remotePort: 0, state: 0x0a, uid: 0, inode: 1661 });
    expect(rows[1]).toMatchObject({ localAddress: '127.0.0.1', localPort: 47111, uid: 1000, inode: 57739 });
    expect(rows[2]).toMatchObject({ state: 1, remoteAddress: '127.0.0.1', remotePort: 0xd2f0, inode: 0 });
  });
  it('reads TCP6 and UDP6 rows', () => {
    expect(parseInetTable(TCP6, 'tcp', 6, true)).toEqual([{ protocol: 'tcp', family: 6, localAddress: '::1', localPort: 47555, remoteAddress: '::', remotePort: 0, state: 0x0a, uid: 0, inode: 129634 }]);
    expect(parseInetTable(UDP6, 'udp', 6, true)).toEqual([{ protocol: 'udp', family: 6, localAddress: '::', localPort: 47556, remoteAddress: '::', remotePort: 0, state: 7, uid: 0, inode: 129635 }]);
  });
  it('skips the header and empty text', () => {
    expect(parseInetTable('', 'udp', 4, true)).toEqual([]);
    expect(parseInetTable(TCP.split('\n')[0]!, 'tcp', 4, true)).toEqual([]);
  });
});

describe('parseUnixTable', () => {
  const rows = parseUnixTable(UNIX);
  it('reads every socket row', () => {
    expect(rows.map((r) => r.inode)).toEqual([52856, 118144, 118294, 118300, 118301]);
  });
  it('reads listening flag, type, state and path (abstract as @name, spaces kept)', () => {
    expect(rows[0]).toEqual({ listening: false, type: 1, state: 3, inode: 52856, path: null });
    expect(rows[1]).toEqual({ listening: true, type: 1, state: 1, inode: 118144, path: '/tmp/tmp.poya9MP9Af/app.sock' });
    expect(rows[2]!.path).toBe('@mo-test-abs');
    expect(rows[3]).toEqual({ listening: false, type: 2, state: 1, inode: 118300, path: '/run/my app/with space.sock' });
    expect(rows[4]).toMatchObject({ state: 3, path: '/tmp/tmp.poya9MP9Af/app.sock' });
  });
  it('trims the NUL padding of a full-length abstract name (libuv binds those), and only that', () => {
    const padded = `@mo-abs-dbg${'@'.repeat(97)}`;
    expect(padded).toHaveLength(108);
    const [row] = parseUnixTable(`000000006caa90eb: 00000002 00000000 00010000 0001 01 173493 ${padded}\n`);
    expect(row).toMatchObject({ path: '@mo-abs-dbg', rawPath: padded });
    // Shorter than sun_path: its "@" are part of the name.
    expect(parseUnixTable('000000006caa90eb: 00000002 00000000 00010000 0001 01 1 @name@@\n')[0]!.path).toBe('@name@@');
  });
});

describe('link targets and pidfile content', () => {
  it('reads socket inodes', () => {
    expect(socketInode('socket:[118144]')).toBe(118144);
    expect(socketInode('pipe:[5]')).toBeNull();
    expect(socketInode('/tmp/socket:[1]')).toBeNull();
  });
  it('reads file paths, marking deleted ones', () => {
    expect(filePathOfLink('/tmp/a b/app.lock')).toEqual({ path: '/tmp/a b/app.lock', deleted: false });
    expect(filePathOfLink('/tmp/app.lock (deleted)')).toEqual({ path: '/tmp/app.lock', deleted: true });
    expect(filePathOfLink('anon_inode:[eventfd]')).toBeNull();
  });
  it.each([
    ['1234\n', 1234],
    ['  99  ', 99],
    ['4321\n8080\n', 4321],
    ['0\n', null],
    ['12a\n', null],
    ['', null],
    ['-5', null],
    ['99999999999', null],
  ])('pidfile %j names %s', (text, pid) => {
    expect(pidfilePid(text)).toBe(pid);
  });
});
