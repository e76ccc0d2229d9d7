// Race runs over the fake OS with injected timing: targets exit in the middle of a scan or a close, handle
// values are reused by other objects, PIDs go to other programs. Seeded, so a failure replays.
// The check: every handle the OS really closed named a guard (type and name) and was not protected at the
// moment it was closed, and no call threw.
import { describe, expect, it } from 'vitest';
import { guardMatches } from '../../core/guards';
import type { GuardSpec } from '../../core/model';
import { closeHandle, unlockApp } from '../../core/unlock';
import { bno, WECHAT_MUTEX } from './fake-world';
import { RacyOs, seeded, type RacePoint } from './racy-os';

const guards: GuardSpec[] = [
  { type: 'Mutant', name: WECHAT_MUTEX },
  { type: 'File', name: 'xwechat\\lock\\lock.ini' },
];
const LOCK = '\\Device\\HarddiskVolume3\\Users\\a\\Tencent\\xwechat\\lock\\lock.ini';

/** A machine with a few running copies (some with a helper child), and chaos driven by `random`. */
function world(random: () => number) {
  const os = new RacyOs();
  os.addProcess({ pid: 4, ppid: 0, name: 'System', path: null });
  os.addProcess({ pid: 500, ppid: 4, name: 'explorer.exe', path: null, handles: [{ typeName: 'Event', name: bno('ShellReady') }] });
  const copies = 1 + Math.floor(random() * 4);
  for (let i = 0; i < copies; i++) {
    const p = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }, { typeName: 'Event', name: bno(`Ui${i}`) }, { typeName: 'File', name: LOCK }] });
    if (random() < 0.4) os.addProcess({ ppid: p.pid, name: 'WeChatHelper.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
  }
  const events: string[] = [];
  os.chaos = (point: RacePoint) => {
    if (random() > 0.35) return;
    const procs = [...os.processes.values()].filter((p) => p.pid > 500);
    const victim = procs[Math.floor(random() * procs.length)];
    if (!victim) return;
    const handle = victim.handles[Math.floor(random() * victim.handles.length)];
    const roll = random();
    if (roll < 0.25) {
      events.push(`${point}: ${victim.pid} exits`);
      os.kill(victim.pid);
    } else if (roll < 0.45 && handle) {
      // The value now names an object of another kind with the guard's name.
      events.push(`${point}: ${victim.pid} ${handle.handle} reused by an Event of the same name`);
      os.reuseHandle(victim.pid, handle.handle, { typeName: 'Event', name: handle.name });
    } else if (roll < 0.6 && handle) {
      events.push(`${point}: ${victim.pid} ${handle.handle} reused by another ${handle.typeName}`);
      os.reuseHandle(victim.pid, handle.handle, { typeName: handle.typeName, name: bno('SomethingElse') });
    } else if (roll < 0.7 && handle) {
      events.push(`${point}: ${victim.pid} ${handle.handle} protected`);
      handle.attributes = 1;
    } else if (roll < 0.85) {
      events.push(`${point}: PID ${victim.pid} reused by Victim.exe`);
      os.reusePid(victim.pid, 'Victim.exe', [{ typeName: 'Event', name: bno(WECHAT_MUTEX) }, { typeName: 'Mutant', name: bno('VictimMutex') }]);
    } else {
      events.push(`${point}: a new copy starts`);
      os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    }
  };
  return { os, events };
}

/** The closes that should never have happened. */
function wrongCloses(os: RacyOs, allowed: (c: RacyOs['closed'][number]) => boolean) {
  return os.closed.filter((c) => !allowed(c) || (c.current.attributes & 1) !== 0);
}

describe('unlock and close under races', () => {
  it('closes only what still names a guard at the moment of closing, over 600 seeded runs', async () => {
    const random = seeded(20261201);
    let closes = 0;
    for (let run = 0; run < 600; run++) {
      const { os, events } = world(random);
      const result = await unlockApp(os, 'WeChat.exe', guards);
      expect(result.ok || ['NOT_RUNNING'].includes(result.error.code), `run ${run}`).toBe(true);
      const wrong = wrongCloses(os, (c) => guards.some((g) => guardMatches(g, c.current.typeName, c.current.name)) && c.process !== 'Victim.exe');
      expect(wrong, `run ${run}: ${events.join('; ')}`).toEqual([]);
      closes += os.closed.length;
    }
    // The runs did close guards (the check is not vacuous).
    expect(closes).toBeGreaterThan(600);
  }, 60_000);

  it('closes a handle by value only while it is the object the caller saw, over 400 seeded runs', async () => {
    const random = seeded(7);
    let closes = 0;
    let refused = 0;
    for (let run = 0; run < 400; run++) {
      const { os, events } = world(random);
      const target = [...os.processes.values()].find((p) => p.name === 'WeChat.exe')!;
      const seen = target.handles[0]!;
      const expected = { typeName: seen.typeName, name: seen.name };
      const result = await closeHandle(os, { pid: target.pid, handle: `0x${seen.handle.toString(16)}`, type: expected.typeName, name: expected.name });
      expect(result.ok, `run ${run}`).toBe(true);
      const wrong = wrongCloses(os, (c) => c.pid === target.pid && c.current.typeName === expected.typeName && c.current.name === expected.name && c.process === 'WeChat.exe');
      expect(wrong, `run ${run}: ${events.join('; ')}`).toEqual([]);
      closes += os.closed.length;
      if (result.ok) refused += result.value.failed.filter((f) => ['HANDLE_CHANGED', 'PROTECTED_HANDLE'].includes(f.code)).length;
    }
    expect(closes).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(0);
  }, 60_000);
});
