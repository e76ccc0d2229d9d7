/**
 * "A preset can only start its own app": the rule that keeps a shared preset file from making
 * Multiopen run anything else. A preset is data; the only program it may start is a local `.exe`
 * whose file name is the preset's `exe`, never a program that runs other code, with arguments and
 * environment that cannot change what code loads. Checked when a preset is validated (import, add,
 * edit, store read) and again on the resolved file right before it is started.
 */
import type { Preset } from '../model';

/** Which part of the rule a preset breaks. */
export type SafetyRule =
  | 'not-exe'
  | 'interpreter'
  | 'exe-mismatch'
  | 'not-local'
  | 'env-not-allowed'
  | 'arg-not-allowed'
  | 'bidi-control'
  | 'registry-not-allowed';

/** One way a preset breaks the rule: the field (as in the preset file) and the rule. */
export interface SafetyProblem {
  field: string;
  rule: SafetyRule;
  message: string;
}

/**
 * Programs that run other code given to them (shells, script hosts, loaders, interpreters, installers,
 * Multiopen itself): a preset may never start one, whatever its `exe` says.
 */
const INTERPRETERS = new Set(
  [
    'cmd', 'command', 'powershell', 'powershell_ise', 'pwsh', 'wscript', 'cscript', 'mshta', 'rundll32', 'rundll', 'regsvr32',
    'node', 'nodejs', 'python', 'pythonw', 'py', 'pyw', 'perl', 'ruby', 'php', 'java', 'javaw', 'bash', 'sh', 'wsl', 'wslhost',
    'conhost', 'explorer', 'msiexec', 'schtasks', 'at', 'wmic', 'certutil', 'bitsadmin', 'installutil', 'msbuild', 'regasm',
    'regsvcs', 'cmstp', 'hh', 'forfiles', 'pcalua', 'scriptrunner', 'msxsl', 'odbcconf', 'mavinject', 'control', 'sc',
    'reg', 'regedit', 'runas', 'start', 'electron', 'multiopen', 'elevate', 'multiopen-elevate',
  ].map((n) => `${n}.exe`),
);

/**
 * Environment variables a preset may set: data-folder and locale variables. Anything else may change
 * what or how code loads (PATH, COMSPEC, NODE_OPTIONS, ELECTRON_RUN_AS_NODE, *_PRELOAD, __COMPAT_LAYER...).
 */
export const ALLOWED_ENV = new Set(['APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'HOME', 'TEMP', 'TMP', 'LANG', 'LANGUAGE', 'LC_ALL', 'TZ']);

/**
 * Arguments that make Chromium/Electron/Node-based apps run another program, load code or open a
 * debugger. Compared by the part before "=".
 */
const FORBIDDEN_ARGS = new Set([
  '--gpu-launcher', '--renderer-cmd-prefix', '--utility-cmd-prefix', '--plugin-launcher', '--ppapi-plugin-launcher',
  '--browser-subprocess-path', '--inspect', '--inspect-brk', '--inspect-port', '--remote-debugging-port',
  '--remote-debugging-pipe', '--remote-debugging-address', '--js-flags', '--load-extension', '--require', '-r',
  '--experimental-loader', '--loader', '--import', '--eval', '-e', '--no-sandbox', '--disable-web-security',
]);

/** Folder variables a path may start with; anything else that expands could point anywhere. */
const FOLDER_VARIABLES = new Set(
  ['programfiles', 'programfiles(x86)', 'programw6432', 'localappdata', 'appdata', 'userprofile', 'systemdrive', 'public', 'programdata', 'homedrive'],
);

// U+202A-U+202E and U+2066-U+2069 reorder what is shown: "exe.WeChat" could read as "WeChat.exe".
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** The last path part, with either separator. */
export function fileNameOf(filePath: string): string {
  const parts = filePath.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/** Why an exe file name cannot be a preset's program, or null when it can. */
export function exeNameProblem(exe: string, field = 'exe'): SafetyProblem | null {
  const lower = exe.trim().toLowerCase();
  if (!lower.endsWith('.exe') || lower.length <= 4) return { field, rule: 'not-exe', message: `${field}: "${exe}" is not a program file name ending in .exe` };
  if (INTERPRETERS.has(lower) || /^python\d[\d.]*w?\.exe$/.test(lower)) {
    return { field, rule: 'interpreter', message: `${field}: "${exe}" runs other code (a shell, script host or interpreter); a preset may only start its own app` };
  }
  return null;
}

/**
 * Why a path is not a plain local file path: UNC (\\host\share), device and namespace paths (\\?\, \\.\),
 * relative paths, ".." parts and alternate data streams. A leading %VAR% must be a known folder variable.
 */
export function localPathProblem(filePath: string, field: string): SafetyProblem | null {
  const text = filePath.trim();
  const bad = (why: string): SafetyProblem => ({ field, rule: 'not-local', message: `${field}: "${filePath}" ${why}; use a local path such as C:\\Program Files\\App\\App.exe` });
  if (/^[\\/]{2}/.test(text)) return bad('is a network, device or namespace path');
  const variable = /^%([^%]+)%[\\/]/.exec(text);
  let rest: string;
  if (variable) {
    if (!FOLDER_VARIABLES.has((variable[1] ?? '').toLowerCase())) return bad(`starts with %${variable[1]}%, which is not a known folder variable`);
    rest = text.slice(variable[0].length);
  } else if (/^[A-Za-z]:[\\/]/.test(text)) {
    rest = text.slice(3);
  } else {
    return bad('is not a full path starting with a drive letter or a folder variable');
  }
  if (rest.includes(':')) return bad('contains ":" after the drive (an alternate data stream or device)');
  if (rest.split(/[\\/]/).some((part) => part === '..' || part === '.')) return bad('contains "." or ".." parts');
  if (/%/.test(rest)) return bad('uses a %VARIABLE% after its start');
  return null;
}

/** Why a file is not something the preset with this `exe` may start (its name, its kind, where it is). */
export function programPathProblem(exe: string, filePath: string, field: string): SafetyProblem | null {
  const local = localPathProblem(filePath, field);
  if (local) return local;
  const name = fileNameOf(filePath.trim());
  const kind = exeNameProblem(name, field);
  if (kind) return kind;
  if (name.toLowerCase() !== exe.trim().toLowerCase()) {
    return { field, rule: 'exe-mismatch', message: `${field}: "${filePath}" is not ${exe}; a preset may only start its own app (its file name must be ${exe})` };
  }
  return null;
}

/**
 * Registry key parts a preset may never change, wherever they appear: Windows' own settings, policies,
 * programs started at sign-in, file associations and the 32-bit mirror of all of them.
 */
const FORBIDDEN_KEY_PARTS = new Set(
  ['microsoft', 'policies', 'classes', 'run', 'runonce', 'runonceex', 'runservices', 'runservicesonce', 'winlogon', 'environment', 'wow6432node', 'image file execution options', 'shell folders', 'user shell folders'],
);

/** The vendors whose keys a preset names in its locate entries ("SOFTWARE\Tencent\WeChat" -> "tencent"): the app's own. */
function ownVendors(preset: Preset): Set<string> {
  const vendors = new Set<string>();
  for (const source of preset.locate ?? []) {
    if (source.kind !== 'registry') continue;
    const parts = source.key.split('\\').filter(Boolean);
    const rest = parts[0]?.toLowerCase() === 'software' ? parts.slice(parts[1]?.toLowerCase() === 'wow6432node' ? 2 : 1) : [];
    const vendor = rest[0]?.toLowerCase();
    if (vendor && !FORBIDDEN_KEY_PARTS.has(vendor)) vendors.add(vendor);
  }
  return vendors;
}

/**
 * Why a preset's launch-time registry value is not the one documented use (an app's own setting, like
 * WeCom's HKCU\Software\Tencent\WXWork multi_instances), or null when it is: HKCU only (the schema), a key
 * Software\<Vendor>\<App>[\...] whose vendor is one the preset's own locate entries name, and never a Run
 * key, a policy or anything of Windows'.
 */
export function launchRegistryProblem(preset: Preset, field: string): SafetyProblem | null {
  const spec = preset.launchRegistry;
  if (!spec) return null;
  const bad = (why: string): SafetyProblem => ({ field, rule: 'registry-not-allowed', message: `${field}: HKCU\\${spec.key}\\${spec.value} ${why}; a preset may only change its own app's setting under HKCU\\Software\\<Vendor>\\<App>` });
  const parts = spec.key.split('\\');
  if (parts.some((p) => p.trim() === '' || p === '.' || p === '..')) return bad('has an empty, "." or ".." key part');
  if (parts[0]?.toLowerCase() !== 'software' || parts.length < 3) return bad('is not under Software\\<Vendor>\\<App>');
  const forbidden = parts.find((p) => FORBIDDEN_KEY_PARTS.has(p.toLowerCase()));
  if (forbidden) return bad(`is under "${forbidden}" (Windows settings, policies, start-up programs or file associations)`);
  const vendors = ownVendors(preset);
  if (!vendors.has((parts[1] ?? '').toLowerCase())) {
    return bad(vendors.size === 0 ? 'cannot be the app\'s own: the preset names no registry key of its vendor in locate' : `is not under the preset's own vendor key (Software\\${[...vendors].join(', Software\\')})`);
  }
  return null;
}

/** Every string in a value with the path that leads to it, for the bidi check. */
function* stringsIn(value: unknown, where: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [where, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, `${where}[${i}]`);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const child = where ? `${where}.${k}` : k;
      yield [child, k];
      yield* stringsIn(v, child);
    }
  }
}

/** Every way a (schema-valid) preset breaks the rule; empty when it is safe. `prefix` names it in a file ("presets[2]"). */
export function presetSafetyProblems(preset: Preset, prefix = ''): SafetyProblem[] {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const problems: SafetyProblem[] = [];
  const add = (p: SafetyProblem | null) => {
    if (p) problems.push(p);
  };
  add(exeNameProblem(preset.exe, at('exe')));
  if (preset.path !== undefined) add(programPathProblem(preset.exe, preset.path, at('path')));
  for (const [i, source] of (preset.locate ?? []).entries()) {
    if (source.kind === 'path') add(programPathProblem(preset.exe, source.path, at(`locate[${i}].path`)));
  }
  if (preset.instanceDir !== undefined) add(localPathProblem(preset.instanceDir.replaceAll('{index}', '1'), at('instanceDir')));
  for (const name of Object.keys(preset.env ?? {})) {
    if (!ALLOWED_ENV.has(name.toUpperCase())) {
      add({ field: at(`env.${name}`), rule: 'env-not-allowed', message: `${at(`env.${name}`)}: a preset may set only ${[...ALLOWED_ENV].join(', ')}; ${name} could change what code the app loads` });
    }
  }
  for (const [i, arg] of (preset.args ?? []).entries()) {
    const flag = arg.trim().split('=')[0]?.toLowerCase() ?? '';
    if (FORBIDDEN_ARGS.has(flag)) {
      add({ field: at(`args[${i}]`), rule: 'arg-not-allowed', message: `${at(`args[${i}]`)}: "${flag}" makes an app run other code or open a debugger; it is not allowed in a preset` });
    }
  }
  add(launchRegistryProblem(preset, at('launchRegistry')));
  for (const [field, text] of stringsIn(preset, '')) {
    if (BIDI_CONTROL.test(text)) {
      add({ field: at(field), rule: 'bidi-control', message: `${at(field)}: contains a bidirectional control character, which can make text read differently from what it is` });
      break;
    }
  }
  return problems;
}
