/** The real UI in Chromium against the fake engine: layout, keyboard, virtualization, language. */
import * as fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startFakeServer, type Served } from './servers';

let server: Served;
// A fresh fake engine per test: launches and closes change its state.
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
  await expect(page.getByTestId('close-result')).toContainText('Closed 1 handle');
  await expect(handles.getByText(/_WeChat_App_Instance_Identity_Mutex_Name/)).toHaveCount(0);
  await page.getByRole('spinbutton', { name: 'Instances' }).fill('3');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByTestId('launch-panel')).toContainText('3 instance(s) running now; 2 started');
  await expect(page.getByTestId('launch-panel')).toContainText(/Instance 2: running \(PID \d+\)/);
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
  await expect(page.getByText('Handles of WXWork.exe (5120)')).toBeVisible();
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

  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'presets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
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

  // The exported file imports again as it is.
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(saved);
  await expect(page.getByTestId('preset-transfer')).toContainText('Imported 2 preset(s): notepad, qq');
});
