/**
 * "Start N copies at login / from a shortcut": `multiopen shortcut` writes a real .lnk, and Windows'
 * shell (here Wine's shell32, through `start`) opens it: the CLI then launches the preset N times.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readShortcut } from '../../core/shortcut';
import { runningPids } from './cli';
import { describeRun, expectJson, fixturesBin, isWindows, runCli, tempPath, testHome, useWinTestLifecycle, waitFor, wineEnv, winPath } from './harness';

useWinTestLifecycle();

const USER_SHELL_FOLDERS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';

/** Runs `reg ARGS` (Wine's under Wine) with its output in files: Wine tools keep inherited pipes open. */
function reg(args: string[]): { code: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'multiopen-reg-'));
  try {
    const out = openSync(join(dir, 'out'), 'w');
    let r;
    try {
      r = isWindows
        ? spawnSync('reg', args, { stdio: ['ignore', out, 'ignore'], timeout: 30_000, windowsHide: true })
        : spawnSync('wine', ['reg', ...args], { env: wineEnv(), stdio: ['ignore', out, 'ignore'], timeout: 30_000 });
    } finally {
      closeSync(out);
    }
    return { code: r.status, stdout: readFileSync(join(dir, 'out'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A registry value with its type (REG_SZ / REG_EXPAND_SZ), or null when absent. */
function readValue(key: string, name: string): { type: string; data: string } | null {
  const r = reg(['query', key, '/v', name]);
  if (r.code !== 0) return null;
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^\s+(.+?)\s+(REG_\w+)\s+(.*)$/.exec(line);
    if (m && m[1]?.toLowerCase() === name.toLowerCase()) return { type: m[2] ?? 'REG_SZ', data: m[3] ?? '' };
  }
  return null;
}

/**
 * Points a shell folder somewhere else for this test, with its type, and puts the old value back (type
 * included: Explorer's values are REG_EXPAND_SZ) when the test ends, whether it passed or not.
 */
function moveShellFolder(name: string, type: 'REG_SZ' | 'REG_EXPAND_SZ', data: string): void {
  const before = readValue(USER_SHELL_FOLDERS, name);
  onTestFinished(() => {
    const undo = before ? reg(['add', USER_SHELL_FOLDERS, '/v', name, '/t', before.type, '/d', before.data, '/f']) : reg(['delete', USER_SHELL_FOLDERS, '/v', name, '/f']);
    if (undo.code !== 0) throw new Error(`could not restore ${USER_SHELL_FOLDERS}\\${name}: ${undo.stdout}`);
  });
  const set = reg(['add', USER_SHELL_FOLDERS, '/v', name, '/t', type, '/d', data, '/f']);
  if (set.code !== 0) throw new Error(`reg add ${name} failed: ${set.stdout}`);
  expect(readValue(USER_SHELL_FOLDERS, name)).toEqual({ type, data });
}

/** Adds the WeChat fixture as preset "wechat-here" to the test's home. */
async function addWeChatPreset(): Promise<void> {
  const presetFile = tempPath('shortcut-preset.json');
  writeFileSync(
    presetFile,
    JSON.stringify({ id: 'wechat-here', name: 'WeChat fixture', exe: 'WeChat.exe', path: winPath(join(fixturesBin, 'WeChat.exe')), guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }] }),
  );
  // --yes: the preset starts its own path, which an import must confirm.
  const added = await runCli(['presets', 'add', winPath(presetFile), '--yes', '--json']);
  expect(added.code, describeRun(added)).toBe(0);
}

describe('multiopen shortcut', () => {
  it('writes a .lnk that, opened by the shell, leaves N copies running', async () => {
    await addWeChatPreset();
    // An added preset is untrusted until its first launch is confirmed; the shortcut's launch cannot ask.
    const first = await runCli(['launch', 'wechat-here', '-n', '1', '--yes', '--json']);
    expect(first.code, describeRun(first)).toBe(0);

    const lnk = tempPath('WeChat x2.lnk');
    const made = await runCli<{ file: string; target: string; args: string[] }>(['shortcut', 'wechat-here', '-n', '2', '--path', winPath(lnk), '--json']);
    expect(made.code, describeRun(made)).toBe(0);
    const result = expectJson(made);
    expect(result.args.slice(1)).toEqual(['launch', 'wechat-here', '-n', '2']);
    expect(result.target.toLowerCase()).toMatch(/node\.exe$/);
    expect(readShortcut(readFileSync(lnk))).toMatchObject({ target: result.target, args: `${result.args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`, minimized: true });

    expect(await runningPids('WeChat.exe')).toHaveLength(1);
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

  it('puts the desktop shortcut in the Desktop folder the registry names (REG_EXPAND_SZ, expanded)', async () => {
    await addWeChatPreset();
    const root = tempPath('moved-profile');
    mkdirSync(join(root, 'Desktop'), { recursive: true });
    // A variable only the CLI's environment defines: the value must be expanded by the process reading it.
    moveShellFolder('Desktop', 'REG_EXPAND_SZ', '%MULTIOPEN_TEST_DESKTOP_ROOT%\\Desktop');
    const made = await runCli<{ file: string }>(['shortcut', 'wechat-here', '-n', '2', '--json'], { env: { MULTIOPEN_TEST_DESKTOP_ROOT: winPath(root) } });
    expect(made.code, describeRun(made)).toBe(0);
    expect(expectJson(made).file.toLowerCase()).toBe(`${winPath(join(root, 'Desktop'))}\\Multiopen - WeChat fixture x2.lnk`.toLowerCase());
    expect(readdirSync(join(root, 'Desktop'))).toEqual(['Multiopen - WeChat fixture x2.lnk']);
    expect(readShortcut(readFileSync(join(root, 'Desktop', 'Multiopen - WeChat fixture x2.lnk'))).args).toMatch(/launch wechat-here -n 2$/);
  });

  it('puts the --startup shortcut in the Startup folder the registry names', async () => {
    await addWeChatPreset();
    const startup = tempPath('moved-startup');
    mkdirSync(startup);
    moveShellFolder('Startup', 'REG_SZ', winPath(startup));
    const made = await runCli<{ file: string }>(['shortcut', 'wechat-here', '-n', '3', '--startup', '--json']);
    expect(made.code, describeRun(made)).toBe(0);
    expect(readdirSync(startup)).toEqual(['Multiopen - WeChat fixture x3.lnk']);
  });

  it('refuses a Desktop folder that does not exist, naming it, and creates no folder', async () => {
    await addWeChatPreset();
    const gone = tempPath('no-such-desktop');
    moveShellFolder('Desktop', 'REG_SZ', winPath(gone));
    const made = await runCli<{ error: { code: string; message: string } }>(['shortcut', 'wechat-here', '--json']);
    expect(made.code, describeRun(made)).toBe(1);
    expect(expectJson(made).error.code).toBe('FILE_ERROR');
    expect(expectJson(made).error.message.toLowerCase()).toContain(winPath(gone).toLowerCase());
    expect(existsSync(gone)).toBe(false);
  });
});
