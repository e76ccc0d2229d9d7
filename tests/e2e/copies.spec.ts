/**
 * The Copies view in Chromium against the real engine on the demo machine: the running WeChat is copy 1;
 * a label set in the view shows in its window title (the engine set it through the OS layer), and a
 * labelled copy that is not running is started from the view with its own number. Screenshots in both
 * languages, wide and small.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiCall, startFakeServer, type Served } from './servers';

let server: Served;
test.beforeEach(async () => {
  server = await startFakeServer([]);
});
test.afterEach(async () => server?.stop());

const WORDS = {
  en: { open: 'Copies', labels: 'Labels', label1: 'Label of copy 1', label2: 'Label of copy 2', save: 'Save labels', start: 'Start selected', l1: 'Work', l2: 'Family' },
  'zh-CN': { open: '副本', labels: '标签', label1: '第 1 个副本的标签', label2: '第 2 个副本的标签', save: '保存标签', start: '启动所选', l1: '工作', l2: '家里' },
} as const;

async function open(page: Page, lang: 'en' | 'zh-CN') {
  await page.addInitScript((l) => localStorage.getItem('multiopen.language') || localStorage.setItem('multiopen.language', l), lang);
  await page.goto(server.url);
  await expect(page.getByTestId('preset-wechat')).toBeVisible();
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`label copies in the Copies view and start a labelled copy that is not running (${lang})`, async ({ page }) => {
    const w = WORDS[lang];
    await open(page, lang);
    await page.getByRole('button', { name: w.open, exact: true }).click();
    const dialog = page.getByRole('dialog');
    const group = dialog.getByTestId('copies-wechat');
    await expect(group.getByRole('row')).toHaveCount(2);
    await group.getByRole('button', { name: w.labels }).click();
    await group.getByLabel(w.label1).fill(w.l1);
    await group.getByLabel(w.label2).fill(w.l2);
    await group.getByRole('button', { name: w.save }).click();
    await expect(group.getByRole('cell', { name: `WeChat - ${w.l1}` })).toBeVisible();
    // Copy 2 is labelled but not running: start exactly that one.
    await group.getByRole('checkbox', { name: `2 · ${w.l2}` }).check();
    await group.getByRole('button', { name: w.start }).click();
    await expect(group.getByRole('cell', { name: `WeChat - ${w.l2}` })).toBeVisible({ timeout: 30_000 });
    const copies = await apiCall<{ ok: boolean; value: { index: number; label: string | null }[] }>(server, 'copies.list', { preset: 'wechat' });
    expect(copies.ok && copies.value.map((c) => [c.index, c.label])).toEqual([
      [1, w.l1],
      [2, w.l2],
    ]);
    for (const [width, height, suffix] of [[1400, 860, ''], [900, 560, '-900x560']] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await page.screenshot({ path: `test-results/copies-${lang}${suffix}.png` });
    }
  });
}
