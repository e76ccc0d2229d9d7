import { describe, expect, it } from 'vitest';
import { cleanRegistryPath, expandEnvironment, locateExe } from '../../core/locate';
import { fakeWorld } from './fake-world';

describe('locateExe', () => {
  const sources = [
    { kind: 'registry' as const, hive: 'HKCU' as const, key: 'Software\\Tencent\\WeChat', value: 'InstallPath', points: 'dir' as const },
    { kind: 'path' as const, path: '%ProgramFiles%\\Tencent\\WeChat\\WeChat.exe' },
  ];

  it('follows a registry value that names the install folder', async () => {
    const { os } = fakeWorld();
    os.files.add('d:\\apps\\wechat\\wechat.exe');
    os.setRegistry('HKCU', 'Software\\Tencent\\WeChat', 'InstallPath', 'D:\\Apps\\WeChat');
    const found = await locateExe(os, { exe: 'WeChat.exe', sources, env: {} });
    expect(found).toEqual({ ok: true, value: { path: 'D:\\Apps\\WeChat\\WeChat.exe', source: 'registry HKCU\\Software\\Tencent\\WeChat\\InstallPath' } });
  });

  it('falls back to default paths with environment variables, then to a running instance', async () => {
    const { os, wechatPath } = fakeWorld();
    const byDefault = await locateExe(os, { exe: 'WeChat.exe', sources, env: { PROGRAMFILES: 'C:\\Program Files' } });
    expect(byDefault.ok && byDefault.value).toEqual({ path: wechatPath, source: 'default path' });
    os.files.add('e:\\w\\wechat.exe');
    const running = await locateExe(os, { exe: 'WeChat.exe', sources: [], processes: [{ pid: 9, ppid: 1, name: 'WeChat.exe', path: 'E:\\W\\WeChat.exe', sessionId: 1, handleCount: 0, startTime: 0 }], env: {} });
    expect(running.ok && running.value).toEqual({ path: 'E:\\W\\WeChat.exe', source: 'running instance' });
  });

  it('says where it looked when nothing is found', async () => {
    const { os } = fakeWorld();
    const found = await locateExe(os, { exe: 'WeChat.exe', sources, env: {} });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.tried.join('\n')).toContain('InstallPath (not set)');
    expect(found.tried.join('\n')).toContain('%ProgramFiles%\\Tencent\\WeChat\\WeChat.exe (default path)');
    expect(found.tried.join('\n')).toContain('no running WeChat.exe');
  });

  it('a given path wins and is not replaced by a guess', async () => {
    const { os } = fakeWorld();
    const found = await locateExe(os, { exe: 'WeChat.exe', given: 'C:\\missing\\WeChat.exe', sources, env: { PROGRAMFILES: 'C:\\Program Files' } });
    expect(found).toEqual({ ok: false, tried: ['C:\\missing\\WeChat.exe (given)'] });
  });
});

describe('path helpers', () => {
  it('expands %VAR% case-insensitively and leaves unknown ones', () => {
    expect(expandEnvironment('%programfiles(x86)%\\A;%NOPE%', { 'ProgramFiles(x86)': 'C:\\PF86' })).toBe('C:\\PF86\\A;%NOPE%');
  });
  it('cleans quoted registry paths and icon suffixes', () => {
    expect(cleanRegistryPath('"C:\\Program Files\\WXWork\\WXWork.exe" --start')).toBe('C:\\Program Files\\WXWork\\WXWork.exe');
    expect(cleanRegistryPath('C:\\Weixin\\Weixin.exe,0')).toBe('C:\\Weixin\\Weixin.exe');
  });
});
