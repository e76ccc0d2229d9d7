import { FakeOsApi } from '../../native-bindings/fake/fake-os-api';

/** Full kernel name of a session-local named object. */
export const bno = (name: string) => `\\Sessions\\1\\BaseNamedObjects\\${name}`;

/** The WeChat guard. */
export const WECHAT_MUTEX = '_WeChat_App_Instance_Identity_Mutex_Name';

/** A fake machine with an explorer and one WeChat-like program installed (not running). */
export function fakeWorld(): { os: FakeOsApi; wechatPath: string } {
  const os = new FakeOsApi();
  os.addProcess({ pid: 4, ppid: 0, name: 'System', path: null, handles: [{ typeName: 'Mutant', name: '' }] });
  os.addProcess({ pid: 500, ppid: 4, name: 'explorer.exe', path: 'C:\\Windows\\explorer.exe', handles: [{ typeName: 'Event', name: bno('ShellReady') }] });
  const wechatPath = 'C:\\Program Files\\Tencent\\WeChat\\WeChat.exe';
  os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]] });
  return { os, wechatPath };
}
