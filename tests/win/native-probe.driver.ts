/**
 * Asks the Win32 OsApi one question and writes the answer as JSON to the file named by argv[2]: what the
 * win suite checks below the CLI (which snapshot source is used, what rights a started copy got). Bundled
 * by native-probe.ts and run by Windows node.exe (natively or under Wine).
 * Usage: driver.cjs OUT COMMAND ARGS...
 */
import { writeFileSync } from 'node:fs';
import type { SpawnLevel } from '../../native-bindings/os-api';
import { kernel32, PROCESS_QUERY_LIMITED_INFORMATION } from '../../native-bindings/win32/kernel32';
import { spawnWith, WIN32_SPAWN_CALLS } from '../../native-bindings/win32/spawn';
import { openProcess } from '../../native-bindings/win32/status';
import { runLevelOf, shellProcessId } from '../../native-bindings/win32/tokens';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';

const [out = 'probe.json', command = '', ...args] = process.argv.slice(2);
const os = new Win32OsApi();

async function answer(): Promise<unknown> {
  switch (command) {
    case 'snapshot-source': {
      const snap = await os.snapshotHandles({ pids: [Number(args[0])], types: ['Mutant'] });
      return snap.ok ? { source: snap.value.source, handles: snap.value.handles.length, unreadable: snap.value.unreadable } : { failure: snap.failure };
    }
    case 'elevation':
      return { elevation: await os.processElevation(), shellPid: shellProcessId() };
    case 'execution-level':
      return await os.requestedExecutionLevel(args[0] ?? '');
    case 'run-level': {
      // The level read independently of the launch: the process's own token.
      const proc = openProcess(Number(args[0]), PROCESS_QUERY_LIMITED_INFORMATION);
      if (!proc.ok) return { failure: proc.failure };
      try {
        return { level: runLevelOf(proc.value) ?? null };
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    }
    case 'spawn':
      return await os.spawnDetached(args[0] ?? '', { level: (args[1] ?? 'inherit') as SpawnLevel, args: args.slice(2) });
    case 'spawn-with-own-token':
      // CreateProcessWithTokenW with a token taken from this process, where no shell window exists (Wine
      // without a desktop): the same calls and structs as a desktop-user start.
      return await spawnWith({ ...WIN32_SPAWN_CALLS, shellProcessId: () => kernel32().GetCurrentProcessId() }, args[0] ?? '', { level: 'desktop-user', args: args.slice(1) });
    case 'close-own': {
      // A handle of this very process, closed through the engine's close (the handle pane lists
      // Multiopen's own engine too): the close must not suspend the process it runs in.
      const name = `MultiopenTest_Own_${process.pid}`;
      const held = await os.holdNamedObject('Event', name);
      if (!held.ok) return { failure: held.failure };
      const own = await os.snapshotHandles({ pids: [process.pid], types: ['Event'] });
      if (!own.ok) return { failure: own.failure };
      const names = await os.queryHandleNames(own.value.handles);
      const mine = names.find((n) => n.name.ok && n.name.value.endsWith(`\\${name}`));
      if (!mine) return { error: 'own event not listed' };
      const closed = await os.closeRemoteHandle({ pid: process.pid, handle: mine.handle }, () => true);
      const after = await os.snapshotHandles({ pids: [process.pid], types: ['Event'] });
      return { closed: closed.ok ? closed.value.closed : closed.failure, stillListed: after.ok && after.value.handles.some((h) => h.handle === mine.handle) };
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
