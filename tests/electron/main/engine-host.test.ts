/**
 * The engine process of the desktop app, with Electron's parent port and the OS faked. The portable exe
 * unpacks itself into %TEMP% on every start (process.execPath is there and is deleted when it quits), so
 * a shortcut must start PORTABLE_EXECUTABLE_FILE, the exe the user keeps.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readShortcut } from '../../../core/shortcut';
import { USER_SHELL_FOLDERS_KEY } from '../../../core/shortcut-folders';
import { FakeOsApi } from '../../../native-bindings/fake/fake-os-api';
import { appExecutable } from '../../../electron/main/app-executable';

const fake = new FakeOsApi();
vi.mock('../../../native-bindings', () => ({ createOsApi: () => fake }));

/** Electron's process.parentPort, as the utilityProcess sees it. */
class FakeParentPort {
  readonly sent: unknown[] = [];
  private listener: ((e: { data: unknown }) => void) | null = null;
  on(_event: 'message', listener: (e: { data: unknown }) => void) {
    this.listener = listener;
  }
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  deliver(data: unknown) {
    this.listener?.({ data });
  }
}

describe('appExecutable', () => {
  it('is the portable exe the user started when electron-builder set PORTABLE_EXECUTABLE_FILE', () => {
    expect(appExecutable({ PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\Multiopen-portable.exe' }, 'C:\\Users\\a\\AppData\\Local\\Temp\\2abc\\Multiopen.exe')).toBe('D:\\Tools\\Multiopen-portable.exe');
  });

  it('is the running exe otherwise (installed build), also when the variable is empty', () => {
    expect(appExecutable({}, 'C:\\Program Files\\Multiopen\\Multiopen.exe')).toBe('C:\\Program Files\\Multiopen\\Multiopen.exe');
    expect(appExecutable({ PORTABLE_EXECUTABLE_FILE: '' }, 'C:\\M\\Multiopen.exe')).toBe('C:\\M\\Multiopen.exe');
  });
});

describe('engine-host', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-engine-host-'));
  const port = new FakeParentPort();
  const saved = { home: process.env.MULTIOPEN_HOME, portable: process.env.PORTABLE_EXECUTABLE_FILE };

  beforeAll(async () => {
    process.env.MULTIOPEN_HOME = path.join(dir, 'home');
    process.env.PORTABLE_EXECUTABLE_FILE = 'D:\\Tools\\Multiopen-0.1.0-portable.exe';
    (process as unknown as { parentPort: FakeParentPort }).parentPort = port;
    fs.mkdirSync(path.join(dir, 'Desktop'));
    fake.setRegistry('HKCU', USER_SHELL_FOLDERS_KEY, 'Desktop', path.join(dir, 'Desktop'));
    await import('../../../electron/main/engine-host');
  });
  afterAll(() => {
    for (const [k, v] of [['MULTIOPEN_HOME', saved.home], ['PORTABLE_EXECUTABLE_FILE', saved.portable]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete (process as unknown as { parentPort?: unknown }).parentPort;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes shortcuts that start the portable exe, not the copy unpacked in %TEMP%', async () => {
    port.deliver({ id: 7, channel: 'shortcuts.create', payload: { preset: 'wechat', count: 2, where: 'desktop' } });
    await vi.waitFor(() => expect(port.sent).toHaveLength(1));
    const reply = port.sent[0] as { id: number; result: { ok: boolean; value: { file: string; target: string; args: string[] } } };
    expect(reply).toMatchObject({ id: 7, result: { ok: true, value: { target: 'D:\\Tools\\Multiopen-0.1.0-portable.exe', args: ['--launch', 'wechat', '-n', '2'] } } });
    expect(readShortcut(fs.readFileSync(reply.result.value.file))).toMatchObject({ target: 'D:\\Tools\\Multiopen-0.1.0-portable.exe', args: '--launch wechat -n 2' });
  });
  it('logs its start, each launch and each message it drops to engine.log under the presets home', async () => {
    port.deliver({ id: 8, channel: 'instances.launch', payload: { target: { preset: 'no-such-preset', count: 2 }, launchId: 'l1' } });
    port.deliver({ id: 9, channel: 'app.info', payload: {} });
    await vi.waitFor(() => expect(port.sent.some((m) => (m as { id?: number }).id === 8)).toBe(true));
    const log = fs.readFileSync(path.join(dir, 'home', 'logs', 'engine.log'), 'utf8');
    expect(log).toMatch(/\[info\] +engine started \(PID \d+\)/);
    expect(log).toMatch(/\[warn\] +launch preset no-such-preset -n 2 -> PRESET_NOT_FOUND/);
    expect(log).toMatch(/\[warn\] +engine message dropped: app\.info is not an engine channel/);
  });
});
