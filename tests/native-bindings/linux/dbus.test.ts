import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { busNameHoldings, busNameOwnerPid, defaultBusAddresses, listBusNames, parseReplyStrings, parseReplyUint32 } from '../../../native-bindings/linux/dbus';
import { buildFixtures, CAN_RUN_FIXTURES, FixtureRun, startPrivateBus } from './fixtures';

// Captured from dbus-send --print-reply against dbus-daemon 1.14.
const LIST = `method return time=1796187232.486972 sender=org.freedesktop.DBus -> destination=:1.0 serial=3 reply_serial=2
   array [
      string "org.freedesktop.DBus"
      string ":1.0"
      string "org.example.Quote\\"d"
   ]
`;
const PID = `method return time=1796187232.496123 sender=org.freedesktop.DBus -> destination=:1.1 serial=3 reply_serial=2
   uint32 22876
`;

describe('dbus-send reply parsing', () => {
  it('reads the strings of an array reply', () => {
    expect(parseReplyStrings(LIST)).toEqual(['org.freedesktop.DBus', ':1.0', 'org.example.Quote\\"d']);
  });
  it('reads a uint32 reply', () => {
    expect(parseReplyUint32(PID)).toBe(22876);
    expect(parseReplyUint32(LIST)).toBeNull();
  });
});

describe('defaultBusAddresses', () => {
  it('takes the addresses from the environment', () => {
    expect(defaultBusAddresses({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/a', DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/b' })).toEqual([
      { kind: 'session', address: 'unix:path=/a' },
      { kind: 'system', address: 'unix:path=/b' },
    ]);
  });
});

describe.skipIf(!CAN_RUN_FIXTURES)('a private session bus with a name owner', { timeout: 30_000 }, () => {
  beforeAll(() => buildFixtures(), 120_000);
  let bus: { address: string; pid: number } | null = null;
  let run: FixtureRun | null = null;
  afterEach(async () => {
    await run?.end();
    expect(run?.allGone()).toBe(true);
    if (bus) process.kill(bus.pid, 'SIGKILL');
    bus = null;
  });

  it('lists the name with its owner PID, refuses a second owner, and forgets the name when the owner exits', async () => {
    bus = startPrivateBus();
    const name = `org.multiopen.DbusTest${process.pid}`;
    run = new FixtureRun({ DBUS_SESSION_BUS_ADDRESS: bus.address, MULTIOPEN_FIXTURE_NAME: name });
    const first = await run.start('dbusname-app');
    expect(first.word).toBe('started');
    const second = await run.start('dbusname-app');
    expect(second.word).toBe('refused');
    expect(await second.copy.exited).toBe(3);

    const buses = [{ kind: 'session' as const, address: bus.address }];
    expect(await listBusNames(bus.address)).toEqual({ ok: true, value: [name] });
    expect(await busNameOwnerPid(bus.address, name)).toEqual({ ok: true, value: first.copy.pid });
    expect((await busNameHoldings(buses, new Set([first.copy.pid]))).names).toEqual([{ bus: 'session', address: bus.address, name, pid: first.copy.pid }]);
    expect((await busNameHoldings(buses, new Set([second.copy.pid]))).names).toEqual([]);

    await run.end();
    // The daemon drops a name when its connection closes; dbus-send reports the D-Bus error name.
    let owner = await busNameOwnerPid(bus.address, name);
    for (let i = 0; i < 50 && owner.ok; i++) {
      await new Promise((r) => setTimeout(r, 50));
      owner = await busNameOwnerPid(bus.address, name);
    }
    expect(owner).toMatchObject({ ok: false, failure: { call: 'dbus-send GetConnectionUnixProcessID: org.freedesktop.DBus.Error.NameHasNoOwner' } });
  });

  it('reports a bus that cannot be reached instead of failing', async () => {
    const result = await busNameHoldings([{ kind: 'custom', address: 'unix:path=/nonexistent/multiopen-bus' }]);
    expect(result.names).toEqual([]);
    expect(result.unreachable).toHaveLength(1);
    expect(result.unreachable[0]!.failure.kind).toBe('win32');
  });
});
