/**
 * Kernel object type names, for filters typed by people (`handles --type`, the handle view's type
 * filter). A typo must be an error that lists the real names, not an empty result that reads as
 * "nothing found".
 */
import { GUARD_TYPES, LINUX_GUARD_TYPES } from './model';

/**
 * Object types of current Windows releases (ObjectTypesInformation on Windows 10/11; Wine reports a
 * subset of these). Others the OS reports are accepted too.
 */
export const KNOWN_OBJECT_TYPES: readonly string[] = [
  'Type', 'Directory', 'SymbolicLink', 'Token', 'Job', 'Process', 'Thread', 'Partition', 'UserApcReserve', 'IoCompletionReserve',
  'ActivityReference', 'PsSiloContextPaged', 'PsSiloContextNonPaged', 'DebugObject', 'Event', 'Mutant', 'Callback', 'Semaphore',
  'Timer', 'IRTimer', 'Profile', 'KeyedEvent', 'WindowStation', 'Desktop', 'Composition', 'RawInputManager', 'CoreMessaging',
  'ActivationObject', 'TpWorkerFactory', 'Adapter', 'Controller', 'Device', 'Driver', 'IoCompletion', 'WaitCompletionPacket', 'File',
  'TmTm', 'TmTx', 'TmRm', 'TmEn', 'Section', 'Session', 'Key', 'RegistryTransaction', 'ALPC Port', 'EnergyTracker', 'PowerRequest',
  'WmiGuid', 'EtwRegistration', 'EtwSessionDemuxEntry', 'EtwConsumer', 'CoverageSampler', 'DmaAdapter', 'PcwObject',
  'FilterConnectionPort', 'FilterCommunicationPort', 'NdisCmState', 'DxgkSharedResource', 'DxgkSharedKeyedMutexObject',
  'DxgkSharedSyncObject', 'DxgkSharedSwapChainObject', 'DxgkDisplayManagerObject', 'DxgkCurrentDxgProcessObject',
  'DxgkSharedProtectedSessionObject', 'DxgkSharedBundleObject', 'DxgkCompositionObject', 'VRegConfigurationContext',
  'CrossVmEvent', 'CrossVmMutant', 'SchedulerSharedData', 'ProcessStateChange', 'ThreadStateChange', 'CpuPartition',
];

/** Names people use for object kinds; the kernel calls a mutex "Mutant" and a file mapping "Section". */
export const OBJECT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  mutex: 'Mutant',
  filemapping: 'Section',
  'file-mapping': 'Section',
  mapping: 'Section',
  alpc: 'ALPC Port',
  alpcport: 'ALPC Port',
  registry: 'Key',
  waitabletimer: 'Timer',
  jobobject: 'Job',
  namedpipe: 'Pipe',
};

/**
 * Kinds Multiopen shows that are not kernel types of their own: a named pipe is a File object whose name
 * lies in the named-pipe device, shown and matched by its pipe name.
 */
export const PSEUDO_OBJECT_TYPES: readonly string[] = ['Pipe'];

/**
 * The kinds the Linux engine reports (native-bindings/linux): a held file lock, a pidfile, a tcp/udp
 * port, a bound Unix socket, an owned D-Bus name; open files are File, as on Windows. "Port" is the
 * Linux kind since both exist; the Windows one is written "ALPC Port" (or "alpc").
 */
export const LINUX_OBJECT_TYPES: readonly string[] = LINUX_GUARD_TYPES;

/** Where named pipes live in the object namespace: the File object \Device\NamedPipe\X is the pipe \\.\pipe\X. */
export const NAMED_PIPE_PREFIX = '\\Device\\NamedPipe\\';

/** The pipe name of a File object in the named-pipe device ("\Device\NamedPipe\X" -> "X"), or null for any other object. */
export function pipeNameOf(objectName: string | null): string | null {
  if (!objectName || objectName.length <= NAMED_PIPE_PREFIX.length) return null;
  return objectName.slice(0, NAMED_PIPE_PREFIX.length).toLowerCase() === NAMED_PIPE_PREFIX.toLowerCase() ? objectName.slice(NAMED_PIPE_PREFIX.length) : null;
}

/** The kind a handle is shown as: Pipe for a File object in the named-pipe device, else its kernel type. */
export function handleKind(typeName: string, objectName: string | null): string {
  return typeName === 'File' && pipeNameOf(objectName) !== null ? 'Pipe' : typeName;
}

/** The kernel type to ask the handle table for: a Pipe is a File object. */
export function kernelTypeOf(kind: string): string {
  return kind === 'Pipe' ? 'File' : kind;
}

/** The object types most worth listing in an error (the guard kinds first). */
export const COMMON_OBJECT_TYPES: readonly string[] = [...GUARD_TYPES, 'Key', 'Process', 'Thread'];

/**
 * The canonical type name for what a person typed (case-insensitive, aliases included), or null when it
 * names no known type. `reported` adds the names the OS itself reports.
 */
export function resolveObjectType(text: string, reported: readonly string[] = []): string | null {
  const key = text.trim().toLowerCase();
  if (key === '') return null;
  const alias = OBJECT_TYPE_ALIASES[key.replace(/\s+/g, '')];
  if (alias) return alias;
  return [...KNOWN_OBJECT_TYPES, ...PSEUDO_OBJECT_TYPES, ...LINUX_OBJECT_TYPES, ...reported].find((t) => t.toLowerCase() === key) ?? null;
}
