/**
 * Where a copy's data folder is, as the host answers `copies.openFolder`: looked up in the engine's own
 * list of copies (never a path the page sends), so a page can only ask to open a folder a preset gives
 * its copy. The desktop app then opens it; the browser mode only says where it is.
 */
import type { InstanceRow, Outcome } from '../../core/model';

/** The data folder of copy `index` of `preset`, or why there is none. */
export function copyFolderOf(listed: Outcome<InstanceRow[]>, preset: string, index: number): Outcome<string> {
  if (!listed.ok) return listed;
  const copy = listed.value.find((c) => c.preset === preset && c.index === index);
  if (!copy) return { ok: false, error: { code: 'NOT_RUNNING', message: `copy ${index} of "${preset}" is not running` } };
  if (!copy.dataDir) return { ok: false, error: { code: 'UNSUPPORTED', message: `"${preset}" gives its copies no data folder of their own (instanceDir)` } };
  return { ok: true, value: copy.dataDir };
}
