/**
 * The demo machine under the browser-mode dev server and the UI tests: a FakeOsApi (it models the OS
 * only) with processes running and programs installed where the built-in presets look for them, so that
 * the real core closes, launches and refuses on it as it would on Windows.
 *
 * To add an app: an entry in APPS (where it is installed, how it behaves when started, optionally a copy
 * running at the start with a PID of its own in DEMO_PIDS). Its preset comes from the real catalog.
 */
import { FakeOsApi, type FakeHandle, type FakeProgram } from '../../native-bindings/fake/fake-os-api';

/** Full kernel name of a session-local named object. */
export const bno = (name: string) => `\\Sessions\\1\\BaseNamedObjects\\${name}`;

/** The demo user's folders, as %VAR% in presets expands (the engine gets this as its environment). */
export const DEMO_ENV: NodeJS.ProcessEnv = {
  SystemDrive: 'C:',
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  USERPROFILE: 'C:\\Users\\me',
  APPDATA: 'C:\\Users\\me\\AppData\\Roaming',
  LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local',
};

/** PIDs of the processes that run at the start. */
export const DEMO_PIDS = { system: 4, explorer: 1200, wechat: 4321, wxwork: 5120, chrome: 6000, notepad: 6100, svchost: 7000 } as const;

/** The guards of the demo apps, as the catalog names them. */
export const WECHAT_MUTEX = '_WeChat_App_Instance_Identity_Mutex_Name';
const WECHAT_CONFIG_MUTEX = 'WeChat_GlobalConfig_Multi_Process_Mutex';
const DINGTALK_MUTEX = '{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk';

/** Options of the demo world. */
export interface DemoWorldOptions {
  /** Handles of "chrome.exe" (to try virtualization); 2000 by default. */
  bigHandleCount?: number;
  /** How long an installed app takes to start (create its guards, show its window), ms: the demo's slowness. */
  startDelayMs?: number;
}

/** An installed app: where it is, how it behaves when started, and the copy that runs at the start, if any. */
interface DemoApp {
  path: string;
  program: FakeProgram;
  running?: { pid: number; ppid?: number; noise: number };
}

/** The apps of the demo machine (their presets are the built-in ones, or saved by the tests that use them). */
function demoApps(startDelayMs: number): DemoApp[] {
  return [
    {
      // Preset "wechat": a second copy refuses while the first holds its mutex.
      path: 'C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe',
      program: { guards: [['Mutant', bno(WECHAT_MUTEX)], ['Mutant', bno(WECHAT_CONFIG_MUTEX)]], window: { className: 'WeChatMainWndForPC', title: 'WeChat' }, version: '3.9.12.51', startDelayMs },
      running: { pid: DEMO_PIDS.wechat, noise: 60 },
    },
    {
      // Preset "wxwork": also caps itself at two copies while its multi_instances value is set (see below).
      path: 'C:\\Program Files (x86)\\WXWork\\WXWork.exe',
      program: { guards: [['Mutant', bno('Tencent.WeWork.ExclusiveObject')]], capFromRegistry: { key: 'Software\\Tencent\\WXWork', value: 'multi_instances' }, version: '5.0.11.6018', startDelayMs },
      running: { pid: DEMO_PIDS.wxwork, noise: 30 },
    },
    {
      // Preset "dingtalk": installed, not running.
      path: 'C:\\Program Files (x86)\\DingDing\\main\\current\\DingTalk.exe',
      program: { guards: [['Mutant', bno(DINGTALK_MUTEX)]], window: { className: 'StandardFrame_DingTalk' }, version: '7.6.0', startDelayMs },
    },
    {
      // Preset "weixin": installed, not running, and newer than the preset: its guard was renamed, so Check proposes the new one.
      path: 'C:\\Program Files\\Tencent\\Weixin\\Weixin.exe',
      program: { guards: [['Mutant', bno('XWeChat_App_Instance_Mutex_4_2')]], window: { className: 'Qt51514QWindowIcon', title: 'Weixin' }, version: '4.2.0.8', startDelayMs },
    },
    {
      // Preset "telegram": many copies by itself (-many), each with its own data folder.
      path: 'C:\\Users\\me\\AppData\\Roaming\\Telegram Desktop\\Telegram.exe',
      program: { window: { className: 'Qt51513QWindowIcon', title: 'Telegram' }, version: '5.8.3', startDelayMs },
    },
    {
      // No built-in preset: tests save one, "Save as preset" and "Learn guard" find NotepadSingleton among its objects.
      path: 'C:\\Windows\\System32\\notepad.exe',
      program: { guards: [['Mutant', bno('NotepadSingleton')]], objects: [['Event', bno('NotepadReady')], ['Section', bno('NotepadSharedSettings')]], window: { className: 'Notepad' }, startDelayMs },
      running: { pid: DEMO_PIDS.notepad, noise: 12 },
    },
  ];
}

const NOISE_TYPES = ['File', 'Event', 'Key', 'Thread', 'Section', 'Semaphore', 'Mutant', 'ALPC Port'];
// OBJ_PROTECT_CLOSE: the process protected this handle from closing.
const PROTECT_CLOSE = 0x1;

/**
 * Handles every process has besides its guards: files, keys, unnamed objects. The eighth (an ALPC port) is
 * protected from closing, as some system handles are.
 */
function noiseHandles(count: number): Omit<FakeHandle, 'handle'>[] {
  return Array.from({ length: count }, (_, i) => {
    const typeName = NOISE_TYPES[i % NOISE_TYPES.length]!;
    const name =
      typeName === 'File' ? `\\Device\\HarddiskVolume3\\Users\\me\\AppData\\file${i}.dat` : typeName === 'Key' ? `\\REGISTRY\\USER\\S-1-5-21\\Software\\k${i}` : i % 3 === 0 ? '' : bno(`obj_${typeName}_${i}`);
    return { typeName, name, access: typeName === 'File' ? 0x120089 : 0x1f0003, ...(i === 7 ? { attributes: PROTECT_CLOSE } : {}) };
  });
}

/** Handle values as Windows gives them in one process: 0x8, 0xc, 0x10... */
const numbered = (handles: Omit<FakeHandle, 'handle'>[]): FakeHandle[] => handles.map((h, i) => ({ handle: 8 + 4 * i, ...h }));

/** The FakeOsApi of the demo: copies it starts get PIDs as Windows gives them (multiples of 4), above the world's own. */
export class DemoOsApi extends FakeOsApi {
  private nextDemoPid = 9000;

  override addProcess(p: Parameters<FakeOsApi['addProcess']>[0]): ReturnType<FakeOsApi['addProcess']> {
    return super.addProcess(p.pid === undefined ? { ...p, pid: (this.nextDemoPid += 4) } : p);
  }
}

/** Builds the demo machine. */
export function createDemoWorld(options: DemoWorldOptions = {}): DemoOsApi {
  const os = new DemoOsApi();
  const addProc = (pid: number, ppid: number, name: string, path: string | null, handles: Omit<FakeHandle, 'handle'>[]) =>
    os.addProcess({ pid, ppid, name, path, handles: numbered(handles) });
  addProc(DEMO_PIDS.system, 0, 'System', null, []);
  addProc(DEMO_PIDS.explorer, 1100, 'explorer.exe', 'C:\\Windows\\explorer.exe', noiseHandles(40));
  addProc(DEMO_PIDS.chrome, DEMO_PIDS.explorer, 'chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', noiseHandles(options.bigHandleCount ?? 2000));
  // A service of another user: its handle table cannot be read.
  addProc(DEMO_PIDS.svchost, 600, 'svchost.exe', null, noiseHandles(25));
  os.deniedPids.add(DEMO_PIDS.svchost);

  for (const app of demoApps(options.startDelayMs ?? 250)) {
    os.installProgram(app.path, app.program);
    if (!app.running) continue;
    // A running copy holds what the program creates when it starts.
    const held = [...(app.program.guards ?? []), ...(app.program.objects ?? [])].map(([typeName, name]) => ({ typeName, name, access: 0x1f0001 }));
    const name = app.path.slice(app.path.lastIndexOf('\\') + 1);
    addProc(app.running.pid, app.running.ppid ?? DEMO_PIDS.explorer, name, app.path, [...held, ...noiseHandles(app.running.noise)]);
    if (app.program.window) os.windows.set(app.running.pid, [{ handle: 0x10010 + app.running.pid, title: app.program.window.title ?? '', className: app.program.window.className, visible: true, minimized: false }]);
  }
  // WeCom's own setting: at most 2 copies (the wxwork preset lifts it for a launch of more, and restores it).
  void os.writeRegistryValue('HKCU', 'Software\\Tencent\\WXWork', 'multi_instances', { type: 4, data: new Uint8Array([2, 0, 0, 0]) });
  return os;
}
