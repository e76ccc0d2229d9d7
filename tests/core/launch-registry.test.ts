/**
 * A registry value changed for a launch (WeCom's multi_instances) is restored however the launch ends:
 * success, a copy that quits, a thrown error, a failed change, and a Multiopen killed half-way (the journal).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import { REGISTRY_JOURNAL } from '../../core/launch-registry';
import type { LaunchRegistryValue } from '../../core/model';
import { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import { bno } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 200, settleMs: 10 };
const WX = 'C:\\Program Files (x86)\\WXWork\\WXWork.exe';
const KEY = 'Software\\Tencent\\WXWork';
const spec: LaunchRegistryValue = { hive: 'HKCU', key: KEY, value: 'multi_instances', data: null, whenMoreThan: 2 };
const dword = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return { type: 4, data: new Uint8Array(b) };
};

/** A WeCom-like program: two mutexes, and no more copies than HKCU\...\multi_instances says while it is set. */
function wecom(): FakeOsApi {
  const fake = new FakeOsApi();
  fake.addProcess({ pid: 500, ppid: 4, name: 'explorer.exe', path: 'C:\\Windows\\explorer.exe' });
  fake.installProgram(WX, { guards: [['Mutant', bno('Tencent.WeWork.ExclusiveObject')]], capFromRegistry: { key: KEY, value: 'multi_instances' } });
  fake.registryValues.set(`hkcu\\${KEY}\\multi_instances`.toLowerCase(), dword(2));
  return fake;
}

const plan = (count: number, journal?: string): LaunchPlan => ({
  exePath: WX,
  exe: 'WXWork.exe',
  guards: [{ type: 'Mutant', name: 'Tencent.WeWork.ExclusiveObject' }],
  args: [],
  count,
  launchRegistry: spec,
  ...(journal ? { registryJournal: journal } : {}),
});

const stored = async (fake: FakeOsApi) => {
  const v = await fake.readRegistryValue('HKCU', KEY, 'multi_instances');
  return v.ok ? v.value : 'unreadable';
};
const journalIn = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-reg-')), REGISTRY_JOURNAL);

describe('a registry value changed for the launch', () => {
  it('lets a third copy start while the value is removed, and puts the DWORD back as a DWORD afterwards', async () => {
    const fake = wecom();
    const result = await launchInstances(fake, plan(3), undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 3 });
    expect(await stored(fake)).toEqual(dword(2));
    expect(fake.calls.filter((c) => c.includes('multi_instances'))).toEqual([
      'deleteRegistryValue HKCU\\Software\\Tencent\\WXWork\\multi_instances',
      'writeRegistryValue HKCU\\Software\\Tencent\\WXWork\\multi_instances type 4',
    ]);
  });

  it('without the change the cap holds: the third copy quits (what the change is for)', async () => {
    const fake = wecom();
    const { launchRegistry: _none, ...plain } = plan(3);
    const result = await launchInstances(fake, plain, undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['INSTANCE_EXITED']);
  });

  it('is not touched for launches of no more copies than whenMoreThan', async () => {
    const fake = wecom();
    await launchInstances(fake, plan(2), undefined, timing);
    expect(fake.calls.some((c) => c.includes('multi_instances'))).toBe(false);
  });

  it('is restored when a copy quits and the launch fails', async () => {
    const fake = wecom();
    fake.installProgram(WX, { exitsAtOnce: true });
    const result = await launchInstances(fake, plan(3), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['INSTANCE_EXITED']);
    expect(await stored(fake)).toEqual(dword(2));
  });

  it('is restored when the launch throws', async () => {
    const fake = wecom();
    fake.spawnDetached = async () => {
      throw new Error('boom');
    };
    await expect(launchInstances(fake, plan(3), undefined, timing)).rejects.toThrow('boom');
    expect(await stored(fake)).toEqual(dword(2));
  });

  it('an absent value is absent again afterwards; a string comes back as the same string', async () => {
    const absent = wecom();
    await absent.deleteRegistryValue('HKCU', KEY, 'multi_instances');
    await launchInstances(absent, { ...plan(3), launchRegistry: { ...spec, data: 'x' } }, undefined, timing);
    expect(await stored(absent)).toBeNull();
    const text = wecom();
    await text.writeRegistryString('HKCU', KEY, 'multi_instances', 'two');
    await launchInstances(text, plan(3), undefined, timing);
    expect(await text.readRegistryString('HKCU', KEY, 'multi_instances')).toEqual({ ok: true, value: 'two' });
  });

  it('starts nothing when the value cannot be changed, and reports why', async () => {
    const fake = wecom();
    fake.registryWriteFailure = { kind: 'win32', code: 5, call: 'RegDeleteValueW' };
    const result = await launchInstances(fake, plan(3), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['ACCESS_DENIED']);
    expect(fake.spawns).toEqual([]);
  });

  it('keeps the value as it was in a journal until it is restored, and a later launch restores what a killed one left', async () => {
    const fake = wecom();
    const journal = journalIn();
    let seen: unknown = null;
    const spawn = fake.spawnDetached.bind(fake);
    fake.spawnDetached = async (...args) => {
      seen ??= JSON.parse(fs.readFileSync(journal, 'utf8'));
      return spawn(...args);
    };
    await launchInstances(fake, plan(3, journal), undefined, timing);
    expect(seen).toMatchObject({ key: KEY, value: 'multi_instances', original: { type: 4, data: Buffer.from(dword(2).data).toString('base64') } });
    expect(fs.existsSync(journal)).toBe(false);

    // A Multiopen killed mid-launch: the value is gone and its journal (written by a process that no longer runs) is left.
    await fake.deleteRegistryValue('HKCU', KEY, 'multi_instances');
    fs.writeFileSync(journal, JSON.stringify({ ...(seen as object), pid: 999_999 }));
    for (const p of [...fake.processes.values()]) if (p.name === 'WXWork.exe') fake.kill(p.pid);
    const engine = createEngine(fake, { home: path.dirname(journal), env: {}, timing });
    const result = await engine.launch({ preset: 'wxwork', count: 1, path: WX });
    expect(result.ok && result.value.failed).toEqual([]);
    expect(await stored(fake)).toEqual(dword(2));
    expect(fs.existsSync(journal)).toBe(false);
  });
});
