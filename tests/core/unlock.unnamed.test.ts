// File guards and the names that could not be read: the app's own processes are named first, and a File
// guard that was not found while File handles of the app stayed unnamed (a name query that timed out) is
// reported as such, with the count, not as a plain GUARD_NOT_FOUND.
import { describe, expect, it } from 'vitest';
import { closeGuardsIn, unlockApp } from '../../core/unlock';
import type { GuardSpec } from '../../core/model';
import type { OsFailure } from '../../native-bindings/os-api';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const lockFile: GuardSpec = { type: 'File', name: 'xwechat\\lock\\lock.ini' };
const LOCK = '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\lock\\lock.ini';
const CONFIG = '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\config.ini';
const timedOut: OsFailure = { kind: 'timeout', call: 'NtQueryObject(ObjectNameInformation)' };

describe('File guards and unnamed handles', () => {
  it("asks the names of the app's own processes first", async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'File', name: LOCK }] });
    const helper = os.addProcess({ ppid: 77, name: 'rundll32.exe', path: null, handles: [{ typeName: 'File', name: CONFIG }] });
    await unlockApp(os, 'Weixin.exe', [lockFile]);
    expect(os.calls).toContain(`snapshotHandles ${app.pid},${helper.pid} File`);
    expect(os.calls).toContain(`queryHandleNames 2 first ${app.pid}`);
  });

  it('says how many File handles of the app stayed unnamed when the File guard was not found', async () => {
    const { os } = fakeWorld();
    os.addProcess({
      ppid: 500,
      name: 'Weixin.exe',
      path: null,
      handles: [
        { typeName: 'File', name: LOCK, nameFailure: timedOut },
        { typeName: 'File', name: CONFIG, nameFailure: timedOut },
        { typeName: 'File', name: CONFIG },
      ],
    });
    const r = await unlockApp(os, 'Weixin.exe', [lockFile]);
    expect(r.ok && r.value.failed).toEqual([{ pid: null, handle: null, code: 'GUARD_NOT_FOUND', unnamed: 2, message: expect.stringContaining('2 of its File handle(s) could not be named') }]);
    // Nothing unknown was closed blindly.
    expect(os.objectExists('File', LOCK)).toBe(true);
  });

  it('stays a plain GUARD_NOT_FOUND when every File handle of the app was named, or only handles of other programs stayed unnamed', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'File', name: CONFIG }] });
    // A program started after the app is searched for a lock too; its stuck pipe says nothing about the app.
    os.addProcess({ ppid: 77, name: 'Other.exe', path: null, handles: [{ typeName: 'File', name: '\\Device\\NamedPipe\\stuck', nameFailure: timedOut }] });
    const r = await unlockApp(os, 'Weixin.exe', [lockFile]);
    expect(r.ok && r.value.failed).toEqual([{ pid: null, handle: null, code: 'GUARD_NOT_FOUND', message: expect.stringContaining('no running Weixin.exe holds File:') }]);
  });

  it('counts neither handles that closed meanwhile nor refusals (those are ACCESS_DENIED) as unnamed, and no Mutant guard gets the count', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({
      ppid: 500,
      name: 'Weixin.exe',
      path: null,
      handles: [
        { typeName: 'File', name: CONFIG, nameFailure: { kind: 'win32', code: 6, call: 'DuplicateHandle' } },
        { typeName: 'File', name: CONFIG, nameFailure: timedOut },
      ],
    });
    const closed = await closeGuardsIn(os, [app.pid], [lockFile, { type: 'Mutant', name: WECHAT_MUTEX }], [app.pid]);
    expect(closed.ok && closed.value.unnamedFiles).toBe(1);
    const r = await unlockApp(os, 'Weixin.exe', [lockFile, { type: 'Mutant', name: WECHAT_MUTEX }]);
    expect(r.ok && r.value.failed.map((f) => [f.code, f.unnamed])).toEqual([
      ['GUARD_NOT_FOUND', 1],
      ['GUARD_NOT_FOUND', undefined],
    ]);
  });

  it('still closes the File guard when it was named and others were not', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'File', name: CONFIG, nameFailure: timedOut }, { typeName: 'File', name: LOCK }, { typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const r = await unlockApp(os, 'Weixin.exe', [lockFile]);
    expect(r.ok && r.value.failed).toEqual([]);
    expect(os.objectExists('File', LOCK)).toBe(false);
  });
});
