/**
 * Check preset in Chromium against the real engine on the demo machine: the installed Weixin is newer
 * than its preset (its guard was renamed), so the check really runs its trial copies and proposes the
 * new guard; Save fix stores it. Screenshots of the result with its diff, wide and small, in both languages.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiCall, startFakeServer, type Served } from './servers';

let server: Served;
test.beforeEach(async () => {
  server = await startFakeServer(['--big', '2000', '--step', '100']);
});
test.afterEach(async () => server?.stop());

const NAME = 'Weixin 4.0.2-4.1.6 (微信 4)';
const WORDS = {
  en: { check: `Check ${NAME} against the installed app`, start: 'Start check', save: 'Save fix', close: 'Close', changed: 'The app changed its guard', saved: 'Saved:', wait: /cannot be stopped part-way/ },
  'zh-CN': { check: `对照已安装的应用检查 ${NAME}`, start: '开始检查', save: '保存修正', close: '关闭', changed: '应用更换了守护对象', saved: '已保存：', wait: /检查无法中途停止/ },
} as const;

async function open(page: Page, lang: 'en' | 'zh-CN') {
  await page.addInitScript((l) => localStorage.getItem('multiopen.language') || localStorage.setItem('multiopen.language', l), lang);
  await page.goto(server.url);
  await expect(page.getByTestId('preset-weixin')).toBeVisible();
}

async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`check a preset whose app changed its guard, see the diff, save the fix (${lang})`, async ({ page }) => {
    const w = WORDS[lang];
    await open(page, lang);
    const card = page.getByTestId('preset-weixin');
    await card.getByRole('button', { name: w.check }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: w.start }).click();
    // While it runs: progress lines, and Close waits with the reason said.
    await expect(dialog.getByTestId('check-steps').getByRole('listitem').first()).toBeVisible();
    await expect(dialog.getByText(w.wait)).toBeVisible();
    await expect(dialog.getByRole('button', { name: w.close })).toHaveAttribute('aria-disabled', 'true');
    const result = dialog.getByTestId('check-result');
    await expect(result).toHaveAttribute('data-status', 'guard-changed', { timeout: 120_000 });
    await expect(result.getByText(w.changed)).toBeVisible();
    await expect(result.getByTestId('check-version')).toContainText('4.2.0.8');
    const diff = result.getByTestId('check-diff');
    await expect(diff.locator('[data-change="removed"]')).toContainText('Mutant:XWeChat_App_Instance_Identity_Mutex_Name');
    await expect(diff.locator('[data-change="added"]')).toContainText('Mutant:XWeChat_App_Instance_Mutex_4_2');
    // Every copy the check started was ended, and nothing was saved by the check itself.
    const processes = await apiCall<{ ok: boolean; value: { name: string }[] }>(server, 'processes.list', {});
    expect(processes.ok && processes.value.filter((p) => p.name === 'Weixin.exe')).toEqual([]);
    const before = await apiCall<{ ok: boolean; value: { schemaVersion: number; presets: unknown[] } }>(server, 'presets.export', {});
    expect(before.ok && before.value.presets).toEqual([]);

    for (const [width, height, suffix] of [[1400, 860, ''], [900, 560, '-900x560']] as const) {
      await page.setViewportSize({ width, height });
      await settled(page);
      await page.screenshot({ path: suffix ? `test-results/check-${lang}${suffix}.png` : `docs/screenshots/check-${lang}.png` });
    }

    await dialog.getByRole('button', { name: w.save }).click();
    await expect(result.getByTestId('check-next')).toContainText(w.saved);
    const after = await apiCall<{ ok: boolean; value: { presets: { id: string; guards: { name: string }[]; checkedVersion?: string }[] } }>(server, 'presets.export', {});
    expect(after.ok && after.value.presets.map((p) => [p.id, p.guards[0]?.name, p.checkedVersion])).toEqual([['weixin', 'XWeChat_App_Instance_Mutex_4_2', '4.2.0.8']]);
    await dialog.getByRole('button', { name: w.close }).click();
    await expect(dialog).toHaveCount(0);
    // Focus goes back to the card's Check button, and the card shows the saved guard.
    await expect(card.getByRole('button', { name: w.check })).toBeFocused();
    await expect(card.getByText('Mutant:XWeChat_App_Instance_Mutex_4_2')).toBeVisible();
    await expect(card.getByTestId('preset-last-worked')).toContainText('4.2.0.8');
  });
}
