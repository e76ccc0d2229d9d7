import { describe, expect, it } from 'vitest';
import type { Preset } from '../../../core/model';
import { exeNameProblem, localPathProblem, presetSafetyProblems, programPathProblem } from '../../../core/presets/safety';
import { builtinPresets } from '../../../core/presets/store';

const base: Preset = { id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }] };
const rulesOf = (p: Partial<Preset>) => presetSafetyProblems({ ...base, ...p }).map((x) => [x.field, x.rule]);

describe('a preset can only start its own app', () => {
  it('accepts every built-in preset', () => {
    for (const p of builtinPresets()) expect([p.id, presetSafetyProblems(p)]).toEqual([p.id, []]);
  });

  it.each([
    ['cmd.exe'], ['CMD.EXE'], ['powershell.exe'], ['pwsh.exe'], ['wscript.exe'], ['cscript.exe'], ['mshta.exe'], ['rundll32.exe'],
    ['regsvr32.exe'], ['node.exe'], ['python.exe'], ['python3.12.exe'], ['pythonw.exe'], ['Multiopen.exe'], ['msiexec.exe'],
  ])('refuses %s as the exe, whatever the path says', (exe) => {
    expect(exeNameProblem(exe)?.rule).toBe('interpreter');
    expect(rulesOf({ exe, path: `C:\\Apps\\${exe}` })).toContainEqual(['exe', 'interpreter']);
  });

  it.each([['WeChat'], ['WeChat.bat'], ['WeChat.cmd'], ['WeChat.com'], ['WeChat.lnk'], ['.exe']])('refuses %s: not a program file name ending in .exe', (exe) => {
    expect(exeNameProblem(exe)?.rule).toBe('not-exe');
  });

  it.each([
    ['C:\\Windows\\System32\\cmd.exe', 'interpreter'],
    ['C:\\Apps\\Other.exe', 'exe-mismatch'],
    ['C:\\Apps\\WeChat.exe.bat', 'not-exe'],
    ['\\\\host\\share\\WeChat.exe', 'not-local'],
    ['//host/share/WeChat.exe', 'not-local'],
    ['\\\\?\\C:\\Apps\\WeChat.exe', 'not-local'],
    ['\\\\.\\C:\\Apps\\WeChat.exe', 'not-local'],
    ['WeChat.exe', 'not-local'],
    ['Apps\\WeChat.exe', 'not-local'],
    ['C:WeChat.exe', 'not-local'],
    ['C:\\Apps\\..\\Windows\\WeChat.exe', 'not-local'],
    ['C:\\Apps\\WeChat.exe:stream', 'not-local'],
    ['%COMSPEC%\\WeChat.exe', 'not-local'],
    ['%ProgramFiles%\\%X%\\WeChat.exe', 'not-local'],
  ])('refuses path %s (%s)', (path, rule) => {
    expect(programPathProblem('WeChat.exe', path, 'path')?.rule).toBe(rule);
    expect(rulesOf({ path })).toContainEqual(['path', rule]);
    expect(rulesOf({ locate: [{ kind: 'path', path }] })).toContainEqual(['locate[0].path', rule]);
  });

  it.each([['C:\\Program Files\\Tencent\\WeChat\\WeChat.exe'], ['%ProgramFiles(x86)%\\Tencent\\WeChat\\wechat.EXE'], ['D:/Apps/WeChat.exe'], ['%LOCALAPPDATA%\\WeChat\\WeChat.exe']])(
    'accepts the local path %s',
    (path) => {
      expect(programPathProblem('WeChat.exe', path, 'path')).toBeNull();
    },
  );

  it('a data folder must be local too', () => {
    expect(rulesOf({ instanceDir: '\\\\host\\share\\{index}' })).toContainEqual(['instanceDir', 'not-local']);
    expect(localPathProblem('%LOCALAPPDATA%\\Multiopen\\x\\1', 'instanceDir')).toBeNull();
  });

  it.each([['PATH'], ['PATHEXT'], ['COMSPEC'], ['NODE_OPTIONS'], ['ELECTRON_RUN_AS_NODE'], ['LD_PRELOAD'], ['__COMPAT_LAYER'], ['ACCOUNT']])('refuses env %s (allow-list)', (name) => {
    expect(rulesOf({ env: { [name]: 'x' } })).toContainEqual([`env.${name}`, 'env-not-allowed']);
  });

  it('allows data-folder and locale variables', () => {
    expect(rulesOf({ env: { APPDATA: '{dir}', TEMP: '{dir}\\t', LANG: 'zh_CN' } })).toEqual([]);
  });

  it.each([['--gpu-launcher=cmd.exe /c calc'], ['--renderer-cmd-prefix=x'], ['--inspect=9229'], ['--remote-debugging-port=9222'], ['--utility-cmd-prefix'], ['--js-flags=--x']])(
    'refuses the argument %s',
    (arg) => {
      expect(rulesOf({ args: ['-many', arg] })).toContainEqual(['args[1]', 'arg-not-allowed']);
    },
  );

  it('refuses bidirectional control characters anywhere, naming the field', () => {
    expect(rulesOf({ name: 'We\u202EChat' })).toContainEqual(['name', 'bidi-control']);
    expect(rulesOf({ notes: 'a\u2066b' })).toContainEqual(['notes', 'bidi-control']);
    expect(rulesOf({ guards: [{ type: 'Mutant', name: 'x\u202Dy' }] })).toContainEqual(['guards[0].name', 'bidi-control']);
  });

  it('names the field inside a file', () => {
    expect(presetSafetyProblems({ ...base, path: 'C:\\Windows\\System32\\cmd.exe' }, 'presets[3]')[0]?.field).toBe('presets[3].path');
  });
});
