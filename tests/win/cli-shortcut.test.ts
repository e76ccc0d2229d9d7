/**
 * "Start N copies at login / from a shortcut": `multiopen shortcut` writes a real .lnk, and Windows'
 * shell (here Wine's shell32, through `start`) opens it: the CLI then launches the preset N times.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShortcut } from '../../core/shortcut';
import { runningPids } from './cli';
import { describeRun, expectJson, fixturesBin, isWindows, runCli, tempPath, testHome, useWinTestLifecycle, waitFor, wineEnv, winPath } from './harness';

useWinTestLifecycle();

describe('multiopen shortcut', () => {
  it('writes a .lnk that, opened by the shell, leaves N copies running', async () => {
    const presetFile = tempPath('shortcut-preset.json');
    writeFileSync(
      presetFile,
      JSON.stringify({ id: 'wechat-here', name: 'WeChat fixture', exe: 'WeChat.exe', path: winPath(join(fixturesBin, 'WeChat.exe')), guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }] }),
    );
    const added = await runCli(['presets', 'add', winPath(presetFile), '--json']);
    expect(added.code, describeRun(added)).toBe(0);

    const lnk = tempPath('WeChat x2.lnk');
    const made = await runCli<{ file: string; target: string; args: string[] }>(['shortcut', 'wechat-here', '-n', '2', '--path', winPath(lnk), '--json']);
    expect(made.code, describeRun(made)).toBe(0);
    const result = expectJson(made);
    expect(result.args.slice(1)).toEqual(['launch', 'wechat-here', '-n', '2']);
    expect(result.target.toLowerCase()).toMatch(/node\.exe$/);
    expect(readShortcut(readFileSync(lnk))).toMatchObject({ target: result.target, args: `${result.args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`, minimized: true });

    expect(await runningPids('WeChat.exe')).toEqual([]);
    // The shell resolves the link and starts its target, as a double click or the Startup folder would.
    const env = wineEnv({ MULTIOPEN_HOME: winPath(testHome()) });
    const shell = isWindows ? spawn('cmd', ['/c', 'start', '', lnk], { env, stdio: 'ignore' }) : spawn('wine', ['start', '/unix', lnk], { env, stdio: 'ignore' });
    shell.unref();
    const pids = await waitFor('2 WeChat.exe copies started through the shortcut', async () => {
      const running = await runningPids('WeChat.exe');
      return running.length === 2 ? running : undefined;
    }, 60_000, 500);
    expect(pids).toHaveLength(2);
  });

  it('refuses a path that is not a .lnk (exit 2) and an unknown preset (exit 2)', async () => {
    const bad = await runCli(['shortcut', 'wechat', '--path', winPath(tempPath('x.txt')), '--json']);
    expect(bad.code, describeRun(bad)).toBe(2);
    const unknown = await runCli(['shortcut', 'nosuch', '--json']);
    expect(unknown.code, describeRun(unknown)).toBe(2);
  });
});
