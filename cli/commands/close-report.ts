import type { CloseReport, GuardSpec } from '../../core/model';
import { parseGuardSpec } from '../../core/guards';
import { UsageError } from '../args';
import { failedJson } from '../command-kit';
import { printJson, type CliIo } from '../output';

/** Prints a close or unlock report: the contract's JSON, or one line per handle. */
export function printCloseReport(io: CliIo, json: boolean, report: CloseReport): void {
  if (json) return printJson(io, { closed: report.closed, failed: report.failed.map(failedJson) });
  for (const c of report.closed) io.out(`closed  PID ${c.pid}  ${c.handle}  ${c.type}  ${c.name}\n`);
  for (const f of report.failed) io.out(`failed  ${f.pid === null ? '' : `PID ${f.pid}  `}${f.handle ?? ''}  ${f.code}: ${f.message}\n`.replace(/ {3,}/g, '  '));
  if (report.closed.length === 0 && report.failed.length === 0) io.out('nothing to close\n');
}

/** Guards from repeated --guard flags. */
export function parseGuards(values: readonly string[] | undefined): GuardSpec[] {
  return (values ?? []).map((text) => {
    const spec = parseGuardSpec(text);
    if (typeof spec === 'string') throw new UsageError(spec);
    return spec;
  });
}
