import type { InstanceRow } from '../../core/model';
import { allowOnly, maxPositionals, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { formatTable, printJson } from '../output';

/** How long a copy has run, for the table ("3 h 12 min", "4 d 2 h"). */
function uptime(startedAt: string | null, now: number): string {
  if (!startedAt) return '-';
  const minutes = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  return minutes < 60 ? `${minutes} min` : `${hours} h ${minutes % 60} min`;
}

/** The JSON of one copy: the contract's fields, then the extra ones. */
function rowJson(r: InstanceRow) {
  return { preset: r.preset, index: r.index, label: r.label, pid: r.pid, startedAt: r.startedAt, windows: r.windows, dataDir: r.dataDir };
}

/** `multiopen instances [PRESET]`: the running copies with their indices, labels, PIDs and window titles. */
export async function instancesCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, []);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  const result = await deps.engine().listInstances(preset !== undefined ? { preset } : {});
  if (!result.ok) return failOutcome(deps.io, json, result);
  if (json) {
    printJson(deps.io, result.value.map(rowJson));
    return EXIT.ok;
  }
  if (result.value.length === 0) {
    deps.io.out(preset !== undefined ? `no copy of ${preset} is running\n` : 'no copy of any preset is running\n');
    return EXIT.ok;
  }
  const now = Date.now();
  const rows = result.value.map((r) => [r.preset, String(r.index), r.label ?? '-', String(r.pid), uptime(r.startedAt, now), r.windows.map((w) => w.title).filter(Boolean).join(' | ') || '-']);
  deps.io.out(formatTable(['PRESET', 'INDEX', 'LABEL', 'PID', 'UPTIME', 'WINDOWS'], rows));
  return EXIT.ok;
}
