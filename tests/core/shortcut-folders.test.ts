/**
 * Where "launch N" shortcuts go: the user's real Desktop and Startup folders come from the registry
 * (User Shell Folders, then Shell Folders), the %USERPROFILE% / %APPDATA% guesses only last; a missing
 * Desktop is an error naming it, never a folder we create.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { readShortcut } from '../../core/shortcut';
import { SHELL_FOLDERS_KEY, shortcutFolder, USER_SHELL_FOLDERS_KEY } from '../../core/shortcut-folders';
import { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import type { OsApi } from '../../native-bindings/os-api';

const env = { USERPROFILE: 'C:\\Users\\ann', APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' };

describe('shortcutFolder', () => {
  it('reads the Desktop and Startup folders from User Shell Folders (expanded by the OS layer)', async () => {
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', 'D:\\Ann\\Desktop');
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Startup', 'D:\\Ann\\Startup');
    fake.setRegistry('HKCU', SHELL_FOLDERS_KEY, 'Desktop', 'C:\\Users\\ann\\OneDrive\\Desktop');
    expect(await shortcutFolder(fake, 'desktop', env)).toEqual({ ok: true, value: { folder: 'D:\\Ann\\Desktop', source: 'User Shell Folders' } });
    expect(await shortcutFolder(fake, 'startup', env)).toEqual({ ok: true, value: { folder: 'D:\\Ann\\Startup', source: 'User Shell Folders' } });
  });

  it('expands %VARIABLES% the value still carries (a REG_SZ written by hand)', async () => {
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', '%USERPROFILE%\\OneDrive\\Desktop');
    expect(await shortcutFolder(fake, 'desktop', env)).toMatchObject({ ok: true, value: { folder: 'C:\\Users\\ann\\OneDrive\\Desktop' } });
  });

  it('falls back to Shell Folders, then to the old defaults', async () => {
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', SHELL_FOLDERS_KEY, 'Desktop', 'E:\\Desk');
    expect(await shortcutFolder(fake, 'desktop', env)).toEqual({ ok: true, value: { folder: 'E:\\Desk', source: 'Shell Folders' } });
    expect(await shortcutFolder(fake, 'startup', env)).toEqual({
      ok: true,
      value: { folder: 'C:\\Users\\ann\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup', source: 'default' },
    });
    expect(await shortcutFolder(new FakeOsApi(), 'desktop', env)).toEqual({ ok: true, value: { folder: 'C:\\Users\\ann\\Desktop', source: 'default' } });
  });

  it('skips values that are empty, relative or still unexpanded, and registry reads that fail', async () => {
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', '%NO_SUCH_VAR%\\Desktop');
    fake.setRegistry('HKCU', SHELL_FOLDERS_KEY, 'Desktop', 'Desktop');
    expect(await shortcutFolder(fake, 'desktop', env)).toMatchObject({ ok: true, value: { source: 'default' } });
    const failing: OsApi = Object.assign(new FakeOsApi(), {
      readRegistryString: async () => ({ ok: false as const, failure: { kind: 'win32' as const, code: 5, call: 'RegOpenKeyExW' } }),
    });
    expect(await shortcutFolder(failing, 'desktop', env)).toMatchObject({ ok: true, value: { folder: 'C:\\Users\\ann\\Desktop', source: 'default' } });
  });

  it('is FILE_ERROR when nothing names the folder', async () => {
    const r = await shortcutFolder(new FakeOsApi(), 'desktop', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'FILE_ERROR' } });
    if (!r.ok) expect(r.error.message).toMatch(/Desktop/);
  });
});

describe('engine.createShortcut on the desktop', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-shortcut-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const engineOver = (fake: FakeOsApi) =>
    createEngine(fake, { home: path.join(dir, 'home'), env: {}, launcher: { target: 'C:\\M\\Multiopen.exe', argsFor: (p, n) => ['--launch', p, '-n', String(n)] } });

  it('writes the .lnk into the folder the registry names', async () => {
    const desktop = path.join(dir, 'Elsewhere', 'Desktop');
    fs.mkdirSync(desktop, { recursive: true });
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', desktop);
    const made = await engineOver(fake).createShortcut({ preset: 'wechat', count: 2, where: 'desktop' });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(path.dirname(made.value.file)).toBe(desktop);
    expect(readShortcut(fs.readFileSync(made.value.file))).toMatchObject({ target: 'C:\\M\\Multiopen.exe', args: '--launch wechat -n 2' });
  });

  it('refuses a missing Desktop folder, naming it, and creates nothing', async () => {
    const desktop = path.join(dir, 'Gone', 'Desktop');
    const fake = new FakeOsApi();
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', desktop);
    const made = await engineOver(fake).createShortcut({ preset: 'wechat', count: 2, where: 'desktop' });
    expect(made).toMatchObject({ ok: false, error: { code: 'FILE_ERROR' } });
    if (!made.ok) expect(made.error.message).toContain(desktop);
    expect(fs.existsSync(path.join(dir, 'Gone'))).toBe(false);
  });
});
