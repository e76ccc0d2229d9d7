/**
 * At which rights copies are started. An elevated Multiopen must not pass its rights on: copies start at
 * the desktop user's normal level unless the app needs elevation. An app whose manifest requires
 * administrator rights cannot be started by a Multiopen that is not elevated: ELEVATION_REQUIRED with the
 * next step, or, when the user explicitly asks, elevated through the UAC prompt. The launch report says
 * which level each copy runs at.
 */
import { describe, expect, it } from 'vitest';
import { decideSpawnLevel, launchInstances, type LaunchPlan } from '../../core/launch';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 5, guardTimeoutMs: 200, settleMs: 20 };
const plan = (exePath: string, count: number, extra: Partial<LaunchPlan> = {}): LaunchPlan => ({
  exePath,
  exe: 'WeChat.exe',
  guards: [{ type: 'Mutant', name: WECHAT_MUTEX }],
  args: [],
  count,
  ...extra,
});
const spawnLevels = (os: { spawns: { options: { level?: string } }[] }) => os.spawns.map((s) => s.options.level ?? 'inherit');

describe('decideSpawnLevel', () => {
  const elevatedAdmin = { elevated: true, type: 'full' as const };
  const normalAdmin = { elevated: false, type: 'limited' as const };
  const standardUser = { elevated: false, type: 'default' as const };
  const uacOff = { elevated: true, type: 'default' as const };

  it('drops an elevated administrator back to the desktop user for apps that do not need elevation', () => {
    expect(decideSpawnLevel(elevatedAdmin, null, {})).toBe('desktop-user');
    expect(decideSpawnLevel(elevatedAdmin, 'asInvoker', {})).toBe('desktop-user');
  });

  it('keeps elevation for apps that need it (manifest, or the preset says so)', () => {
    expect(decideSpawnLevel(elevatedAdmin, 'requireAdministrator', {})).toBe('inherit');
    expect(decideSpawnLevel(elevatedAdmin, 'highestAvailable', {})).toBe('inherit');
    expect(decideSpawnLevel(elevatedAdmin, null, { needsElevation: true })).toBe('inherit');
  });

  it('has no lower level to go to without a split token (UAC off, built-in Administrator)', () => {
    expect(decideSpawnLevel(uacOff, null, {})).toBe('inherit');
  });

  it('refuses an app that needs elevation from a Multiopen that is not elevated, unless the user asks for it', () => {
    expect(decideSpawnLevel(normalAdmin, 'requireAdministrator', {})).toBe('elevation-required');
    expect(decideSpawnLevel(normalAdmin, 'highestAvailable', {})).toBe('elevation-required');
    expect(decideSpawnLevel(standardUser, 'requireAdministrator', {})).toBe('elevation-required');
    expect(decideSpawnLevel(normalAdmin, 'requireAdministrator', { elevate: true })).toBe('elevated');
    // highestAvailable runs a standard user's copy as that user: nothing to ask for.
    expect(decideSpawnLevel(standardUser, 'highestAvailable', {})).toBe('inherit');
  });

  it('starts normally when nothing is known', () => {
    expect(decideSpawnLevel(null, undefined, {})).toBe('inherit');
    expect(decideSpawnLevel(standardUser, null, {})).toBe('inherit');
  });
});

describe('launchInstances levels', () => {
  it("starts copies at the desktop user's level when Multiopen runs elevated, and says so per copy", async () => {
    const { os, wechatPath } = fakeWorld();
    os.elevation = { elevated: true, type: 'full' };
    const r = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(r.ok && r.value.failed).toEqual([]);
    expect(r.ok && r.value.launched.map((l) => l.level)).toEqual(['normal', 'normal']);
    expect(spawnLevels(os)).toEqual(['desktop-user', 'desktop-user']);
  });

  it('falls back to its own token when there is no shell to take the user token from, and reports the copies elevated', async () => {
    const { os, wechatPath } = fakeWorld();
    os.elevation = { elevated: true, type: 'full' };
    os.desktopUserFailure = { kind: 'win32', code: 2, call: 'GetShellWindow' };
    const r = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(r.ok && r.value.launched).toEqual([
      { pid: expect.any(Number), index: 1, level: 'elevated' },
      { pid: expect.any(Number), index: 2, level: 'elevated' },
    ]);
    // Tried once; the next copy starts with the token that worked.
    expect(spawnLevels(os)).toEqual(['desktop-user', 'inherit', 'inherit']);
  });

  it('reports ELEVATION_REQUIRED with the next step, starting nothing, for an app whose manifest requires administrator', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], executionLevel: 'requireAdministrator' });
    const r = await launchInstances(os, plan(wechatPath, 1), undefined, timing);
    expect(r.ok && r.value.failed.map((f) => f.code)).toEqual(['ELEVATION_REQUIRED']);
    expect(r.ok && r.value.failed[0]?.message).toMatch(/administrator.*elevated/i);
    expect(os.spawns).toEqual([]);
  });

  it('starts it through the UAC prompt when the user explicitly asks for elevation', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], executionLevel: 'requireAdministrator' });
    const r = await launchInstances(os, plan(wechatPath, 1, { elevate: true }), undefined, timing);
    expect(r.ok && r.value.launched).toEqual([{ pid: expect.any(Number), index: 1, level: 'elevated' }]);
    expect(spawnLevels(os)).toEqual(['elevated']);
  });

  it('reads a 740 from CreateProcess as ELEVATION_REQUIRED, not as a failed launch or access denied', async () => {
    const { os, wechatPath } = fakeWorld();
    os.requestedExecutionLevel = async () => ({ ok: false, failure: { kind: 'win32', code: 5, call: 'CreateFileW' } });
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], executionLevel: 'requireAdministrator' });
    const r = await launchInstances(os, plan(wechatPath, 1), undefined, timing);
    expect(r.ok && r.value.failed.map((f) => f.code)).toEqual(['ELEVATION_REQUIRED']);
  });

  it('starts copies as before when Multiopen is not elevated', async () => {
    const { os, wechatPath } = fakeWorld();
    const r = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(r.ok && r.value.launched.map((l) => l.level)).toEqual(['normal', 'normal']);
    expect(spawnLevels(os)).toEqual(['inherit', 'inherit']);
  });
});
