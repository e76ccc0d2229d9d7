/**
 * The writer that preset-kill9.mjs kills: saves, imports and removes presets through the real PresetStore
 * as fast as it can, in a folder it is given, telling on stdout (synchronously) what it is about to do and
 * what it has done. Argument: the home folder and a seed.
 */
import * as fs from 'node:fs';
import { importPresetsReviewed } from '../../core/presets/import-review';
import { PresetStore } from '../../core/presets/store';

const [home, seedText] = process.argv.slice(2);
if (!home) throw new Error('usage: preset-writer HOME SEED');
let seed = Number(seedText ?? 1) >>> 0;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const say = (line: string) => fs.writeSync(1, `${line}\n`);
const store = new PresetStore(home, []);

/** A preset of this id; `rev` changes its content. Long notes make the file large enough that kills land mid-write. */
const preset = (id: string, rev: number) => ({ id, name: `App ${id} rev ${rev}`, exe: 'App.exe', guards: [{ type: 'Mutant', name: `${id}_Single_Instance` }], notes: `rev ${rev} `.padEnd(3_900, '.') });

// First what the store reads back, for the driver's check of the previous kill: id -> name, or the error.
const first = store.readUser();
say(`state ${JSON.stringify(first.ok ? { ok: true, presets: Object.fromEntries(first.value.map((p) => [p.id, p.name])) } : first)}`);
if (process.argv.includes('--read') || !first.ok) process.exit(0);
const once = process.argv.includes('--once');
say('ready');
for (let n = 0; ; n++) {
  const user = store.readUser();
  if (!user.ok) {
    say(`error ${user.error.code} ${user.error.message}`);
    process.exit(1);
  }
  const ids = user.value.map((p) => p.id);
  const pick = random();
  const id = pick < 0.4 || ids.length < 3 ? `p${process.pid}x${n}` : (ids[Math.floor(random() * ids.length)] as string);
  const op = pick < 0.4 || ids.length < 3 ? 'save' : pick < 0.7 ? 'import' : 'remove';
  say(`begin ${op} ${id} ${n}`);
  const result =
    op === 'save'
      ? store.save([preset(id, n)])
      : op === 'import'
        ? importPresetsReviewed(store, { schemaVersion: 1, presets: [preset(id, n)] }, true)
        : store.remove(id);
  if (!result.ok) {
    say(`error ${result.error.code} ${result.error.message}`);
    process.exit(1);
  }
  say(`done ${op} ${id} ${n}`);
  if (once) process.exit(0);
}
