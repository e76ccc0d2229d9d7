/**
 * Asks the Win32 OsApi one question and writes the answer as JSON to the file named by argv[2]: what the
 * win suite checks below the CLI (which snapshot source is used, what rights a started copy got). Bundled
 * by native-probe.ts and run by Windows node.exe (natively or under Wine).
 * Usage: driver.cjs OUT COMMAND ARGS...
 */
import { writeFileSync } from 'node:fs';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';

const [out = 'probe.json', command = '', ...args] = process.argv.slice(2);
const os = new Win32OsApi();

async function answer(): Promise<unknown> {
  switch (command) {
    case 'snapshot-source': {
      const snap = await os.snapshotHandles({ pids: [Number(args[0])], types: ['Mutant'] });
      return snap.ok ? { source: snap.value.source, handles: snap.value.handles.length, unreadable: snap.value.unreadable } : { failure: snap.failure };
    }
    default:
      throw new Error(`unknown probe command ${command}`);
  }
}

answer()
  .then(async (value) => {
    writeFileSync(out, JSON.stringify(value));
    await os.dispose();
    process.exit(0);
  })
  .catch((e: unknown) => {
    writeFileSync(out, JSON.stringify({ error: String((e as Error).stack ?? e) }));
    process.exit(1);
  });
