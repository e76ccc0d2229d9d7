/** The real UI in Chromium against the real engine on the demo machine: layout, keyboard, virtualization, language. */
import * as fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { builtinPresets } from '../../core/presets/store';
import { DEMO_PIDS } from './demo-world';
import { startFakeServer, type Served } from './servers';

let server: Served;
// A fresh demo machine per test: launches and closes change it.
test.beforeEach(async () => {
  server = await startFakeServer(['--big', '100000', '--step', '100']);
});
test.afterEach(async () => server?.stop());

async function open(page: Page, locale?: string) {
  if (locale) await page.addInitScript((l) => localStorage.getItem('multiopen.language') || localStorage.setItem('multiopen.language', l), locale);
  await page.goto(server.url);
  await expect(page.getByRole('table', { name: locale === 'zh-CN' ? '进程' : 'Processes' }).getByText('WeChat.exe', { exact: true })).toBeVisible();
}

test('select, close mutex, launch 3 with progress', async ({ page }) => {
  await open(page);
  await page.getByRole('searchbox', { name: 'Search processes' }).fill('wechat');
  await page.getByRole('table', { name: 'Processes' }).getByText('WeChat.exe', { exact: true }).click();
  const handles = page.getByRole('table', { name: 'Handles' });
  await expect(handles.getByText(/_WeChat_App_Instance_Identity_Mutex_Name/)).toBeVisible();
  await page.getByRole('button', { name: 'Close mutex', exact: true }).click();
  // The catalog's preset: the identity mutex and the optional config mutex, both held by the running copy.
  await expect(page.getByTestId('close-result')).toContainText('Closed 2 handle');
  await expect(handles.getByText(/_WeChat_App_Instance_Identity_Mutex_Name/)).toHaveCount(0);
  await page.getByRole('spinbutton', { name: 'Instances' }).fill('3');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByTestId('launch-panel')).toContainText('3 instance(s) running now; 2 started');
  await expect(page.getByTestId('launch-panel')).toContainText(/Instance 2: running \(PID \d+\b/);
});

test('100,000 handles scroll smoothly and keep the DOM small', async ({ page }) => {
  await open(page);
  await page.getByRole('table', { name: 'Processes' }).getByText('chrome.exe', { exact: true }).click();
  const handles = page.getByRole('table', { name: 'Handles' });
  await expect(handles).toHaveAttribute('aria-rowcount', '100001', { timeout: 30_000 });
  const rows = await handles.getByRole('row').count();
  expect(rows).toBeLessThan(120);
  // Keyboard: End jumps to the last row, which must be rendered and focused.
  await handles.getByRole('row').nth(1).click();
  await page.keyboard.press('End');
  await expect(handles.locator('[role="row"][aria-rowindex="100001"]')).toBeFocused();
  const started = Date.now();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -4000);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('Ctrl+F finds a handle in all processes and selects its process; F5 refreshes', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+f');
  const dialog = page.getByRole('dialog', { name: 'Find handles' });
  await dialog.getByRole('textbox', { name: /Name contains/ }).fill('ExclusiveObject');
  await dialog.getByRole('textbox', { name: /Name contains/ }).press('Enter');
  await dialog.getByRole('table', { name: 'Results' }).getByText('WXWork.exe', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Go to process' }).click();
  await expect(page.getByText(`Handles of WXWork.exe (${DEMO_PIDS.wxwork})`)).toBeVisible();
  const before = await page.getByText(/ · Updated /).textContent();
  await page.waitForTimeout(1100);
  await page.keyboard.press('F5');
  await expect(page.getByText(/ · Updated /)).not.toHaveText(before ?? '');
});

test('zh-CN labels, and the language choice is remembered', async ({ page }) => {
  await open(page, 'zh-CN');
  await expect(page.getByRole('searchbox', { name: '搜索进程' })).toBeVisible();
  await expect(page.getByRole('button', { name: '关闭互斥体', exact: true })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: '实例数' })).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('button', { name: 'Close mutex', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Close mutex', exact: true })).toBeVisible();
});

test('dark theme renders', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page);
  const bg = await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: 'test-results/e2e/fake-dark.png' });
});

test('presets import and export round trip (file picker, Blob download), keyboard reachable', async ({ page }, testInfo) => {
  await open(page);
  const doc = {
    schemaVersion: 1,
    presets: [
      { id: 'notepad', name: 'Notepad', exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }], versions: '11', source: 'tested here' },
      { id: 'qq', name: 'QQ', exe: 'QQ.exe', guards: [] },
    ],
  };
  // A bad file first: the message names the field.
  const bad = { ...doc, presets: [doc.presets[0], { ...doc.presets[1], guards: [{ type: 'Bogus', name: 'x' }] }] };
  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('preset-transfer')).toContainText('Not imported: presets[1].guards[0].type is not valid.');
  await expect(page.getByTestId('preset-notepad')).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A good file opens its review; Save is reached and pressed from the keyboard, and focus comes back to Import….
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'presets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  let review = page.getByRole('dialog', { name: 'Review presets to import' });
  await expect(review.getByTestId('review-notepad')).toContainText('New preset');
  await expect(review.getByTestId('review-qq')).toContainText('New preset');
  await page.keyboard.press('Tab');
  await expect(review.getByRole('button', { name: 'Save' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(review).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import…' })).toBeFocused();
  await expect(page.getByTestId('preset-transfer')).toContainText('Imported 2 preset(s): notepad, qq');
  await expect(page.getByTestId('preset-notepad')).toContainText('for 11 · source: tested here');
  await expect(page.getByTestId('preset-qq')).toContainText('launch only');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export…' }).focus();
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toBe('multiopen-presets.json');
  expect(file.url()).toMatch(/^blob:/);
  const saved = testInfo.outputPath('multiopen-presets.json');
  await file.saveAs(saved);
  expect(JSON.parse(fs.readFileSync(saved, 'utf8'))).toEqual(doc);
  await expect(page.getByTestId('preset-transfer')).toContainText('Exported 2 preset(s) to multiopen-presets.json');

  // The exported file imports again as it is: the review says it replaces the saved ones, unchanged.
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(saved);
  review = page.getByRole('dialog', { name: 'Review presets to import' });
  await expect(review.getByTestId('review-notepad')).toContainText('Replaces your preset Notepad');
  await expect(review.getByTestId('review-notepad')).toContainText('Same as the preset it replaces.');
  await review.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('preset-transfer')).toContainText('Imported 2 preset(s): notepad, qq');
});

/** Chooses a presets file through the Import… button, as the user does. */
async function importFile(page: Page, doc: unknown, label = 'Import…') {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: label }).click();
  await (await chooser).setFiles({ name: 'presets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
}

const wechatBuiltin = builtinPresets().find((p) => p.id === 'wechat')!;
/** "WeChat" that would run a shell command with a code-loading environment. */
const hostileFile = { schemaVersion: 1, presets: [{ ...wechatBuiltin, path: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'calc'], env: { NODE_OPTIONS: '--require x' } }] };
/** A legitimate update of the built-in: only its guards change (one more optional mutex). */
const guardsUpdate = { schemaVersion: 1, presets: [{ ...wechatBuiltin, guards: [...wechatBuiltin.guards, { type: 'Mutant', name: 'WeChat_Update_Mutex', optional: true }] }] };
/** A new preset that starts its own path. */
const notepadFile = { schemaVersion: 1, presets: [{ id: 'notepad', name: 'Notepad', exe: 'notepad.exe', path: 'C:\\Windows\\System32\\notepad.exe', args: ['/A'], guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] }] };

const presetIds = (page: Page) => page.getByRole('list', { name: 'Presets' }).locator('li[data-testid^="preset-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

test('a hostile presets file is refused in its review and nothing is saved', async ({ page }) => {
  await open(page);
  const before = await presetIds(page);
  await importFile(page, hostileFile);
  const review = page.getByRole('dialog', { name: 'Review presets to import' });
  await expect(review.getByTestId('import-refused')).toContainText('Nothing will be saved');
  const item = review.getByTestId('review-wechat');
  await expect(item.getByTestId('review-replaces')).toHaveText(`Replaces built-in ${wechatBuiltin.name}`);
  await expect(item.getByTestId('review-problems')).toContainText('Path: starts a program that runs other code (a shell, script host or interpreter).');
  await expect(item.getByTestId('review-problems')).toContainText('Environment variable NODE_OPTIONS: could change what code the app loads');
  await expect(item.locator('[data-fact="path"] dd')).toHaveText('C:\\Windows\\System32\\cmd.exe');
  await expect(item.locator('[data-fact="env"] dd')).toHaveText('NODE_OPTIONS=--require x');
  await expect(review.getByRole('button')).toHaveText(['Close']);
  await page.keyboard.press('Escape');
  await expect(review).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import…' })).toBeFocused();
  expect(await presetIds(page)).toEqual(before);
  await expect(page.getByTestId('preset-wechat')).toContainText('Built-in');
  await expect(page.getByTestId('preset-transfer')).toHaveCount(0);
});

test('a guards-only update of a built-in: the review shows what it replaces and the diff; saved, it launches without another question', async ({ page }) => {
  await open(page);
  await importFile(page, guardsUpdate);
  const review = page.getByRole('dialog', { name: 'Review presets to import' });
  const item = review.getByTestId('review-wechat');
  await expect(item.getByTestId('review-replaces')).toHaveText(`Replaces built-in ${wechatBuiltin.name}`);
  const rows = item.getByRole('table', { name: 'Changes' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-field', 'guards');
  await expect(rows.first().locator('td').nth(1)).toContainText('Mutant:WeChat_Update_Mutex (optional)');
  await review.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('preset-transfer')).toContainText('Imported 1 preset(s): wechat');
  const card = page.getByTestId('preset-wechat');
  await expect(card).toContainText('Saved');
  await expect(card.getByTestId('preset-unconfirmed')).toHaveCount(0);
  await card.getByRole('button', { name: `Launch ${wechatBuiltin.name}` }).click();
  await expect(page.getByTestId('launch-panel')).toContainText('2 instance(s) running now; 1 started');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a new preset with its own path: saved after review, "Unconfirmed"; its first launch asks, Cancel starts nothing, Launch starts it', async ({ page }) => {
  // What the page asks the engine to launch: nothing may go out before the user's yes.
  const launches: unknown[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/instances.launch')) launches.push((r.postDataJSON() as { target: unknown }).target);
  });
  await open(page);
  await importFile(page, notepadFile);
  const review = page.getByRole('dialog', { name: 'Review presets to import' });
  await expect(review.getByTestId('review-notepad')).toContainText('New preset');
  await review.getByRole('button', { name: 'Save' }).click();
  const card = page.getByTestId('preset-notepad');
  const badge = card.getByTestId('preset-unconfirmed');
  await expect(badge).toHaveText('Unconfirmed');
  await badge.hover();
  await expect(page.getByRole('tooltip')).toContainText('before its first launch, Multiopen shows what it starts');

  // From the toolbar, on the running copy: the question shows that copy's path; Cancel starts nothing.
  const processes = page.getByRole('table', { name: 'Processes' });
  await processes.getByText('notepad.exe', { exact: true }).click();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  let confirm = page.getByRole('dialog', { name: 'First launch of Notepad' });
  await expect(confirm.locator('[data-fact="path"] dd')).toHaveText('C:\\Windows\\System32\\notepad.exe (the selected running copy)');
  await expect(confirm.locator('[data-fact="args"] dd')).toHaveText('/A');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('launch-panel')).toHaveCount(0);
  await expect(processes.getByText('notepad.exe', { exact: true })).toHaveCount(1);
  expect(launches).toEqual([]);

  // From the card: Launch in the question starts it, and the mark goes.
  await card.getByRole('button', { name: 'Launch Notepad' }).click();
  confirm = page.getByRole('dialog', { name: 'First launch of Notepad' });
  await expect(confirm.locator('[data-fact="path"] dd')).toHaveText('C:\\Windows\\System32\\notepad.exe');
  await confirm.getByRole('button', { name: 'Launch' }).click();
  await expect(page.getByTestId('launch-panel')).toContainText('2 instance(s) running now; 1 started');
  await expect(processes.getByText('notepad.exe', { exact: true })).toHaveCount(2);
  await expect(badge).toHaveCount(0);
  expect(launches).toEqual([{ preset: 'notepad', count: 2, confirmed: true }]);
});

/** Waits until the dialog's opening animation (fade and scale of surface and backdrop) is over. */
async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

// docs/screenshots: looked at by eye for cut-off text, Chinese wrapped mid-word and overflow, wide and small.
for (const lang of ['en', 'zh-CN'] as const) {
  test(`screenshots: the import review and the first-launch question (${lang}), wide and small`, async ({ page }) => {
    const words = lang === 'en' ? { import: 'Import…', save: 'Save', launch: 'Launch Notepad' } : { import: '导入…', save: '保存', launch: '启动 Notepad' };
    const sizes = [[1400, 860, ''], [900, 560, '-900x560']] as const;
    await open(page, lang);
    for (const [width, height, suffix] of sizes) {
      await page.setViewportSize({ width, height });
      await importFile(page, hostileFile, words.import);
      const review = page.getByTestId('import-review');
      await expect(review.getByTestId('review-problems')).toBeVisible();
      await settled(page);
      await page.screenshot({ path: `docs/screenshots/import-review-${lang}${suffix}.png` });
      await page.keyboard.press('Escape');
      await expect(review).toHaveCount(0);
    }
    await importFile(page, notepadFile, words.import);
    await page.getByTestId('import-review').getByRole('button', { name: words.save }).click();
    for (const [width, height, suffix] of sizes) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('preset-notepad').getByRole('button', { name: words.launch }).click();
      const confirm = page.getByTestId('launch-confirm');
      await expect(confirm).toBeVisible();
      await settled(page);
      await page.screenshot({ path: `docs/screenshots/launch-confirm-${lang}${suffix}.png` });
      await page.keyboard.press('Escape');
      await expect(confirm).toHaveCount(0);
    }
  });
}
