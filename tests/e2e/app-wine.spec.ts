/**
 * End to end on the real engine: `multiopen serve` in Windows node.exe under Wine (natively on
 * Windows it would be the same CLI), the WeChat fixture program, and the UI in Chromium.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Outcome, PresetView, ProcessRow } from '../../core/model';
import { apiCall, fixturesBin, killWine, killWineFixtures, prepareWine, root, startWineFixture, startWineServer, wineMissing, winPath, type Served } from './servers';

const missing = wineMissing();
test.skip(missing !== null && process.env.MULTIOPEN_E2E_REQUIRE_WINE !== '1', `Wine e2e cannot run here: ${missing}`);
// One server for the file (starting it under Wine takes seconds, and a failed test's new worker starts its
// own); each test sets up its own copies and presets, so none depends on another's leftovers.

const MUTEX = '_WeChat_App_Instance_Identity_Mutex_Name';
const shots = path.join(root, 'docs', 'screenshots');
let home: string;
let logDir: string;
let fixtureLog: string;
let server: Served;
let port = 47600 + Math.floor(Math.random() * 300);

async function wechatCount(): Promise<number> {
  const r = await apiCall<Outcome<ProcessRow[]>>(server, 'processes.list', { name: 'WeChat' });
  return r.ok ? r.value.filter((p) => p.name.toLowerCase() === 'wechat.exe').length : -1;
}

async function openUi(page: Page, lang: 'en' | 'zh-CN' = 'en') {
  await page.addInitScript((l) => localStorage.setItem('multiopen.language', l), lang);
  await page.goto(server.url);
}

async function selectWeChat(page: Page) {
  const processes = page.getByRole('table', { name: /Processes|进程/ });
  await processes.getByText('WeChat.exe', { exact: true }).first().click();
}

test.beforeAll(async () => {
  if (missing) throw new Error(missing);
  prepareWine();
  killWine();
  prepareWine();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-e2e-home-'));
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-e2e-logs-'));
  fixtureLog = path.join(logDir, 'fixtures.log');
  server = await startWineServer({ home, port, logDir, fixtureLog });
});

/** Every test sets up what it needs: no copies running and no user presets left by another test. */
test.beforeEach(async () => {
  killWineFixtures(['WeChat.exe', 'EventApp.exe']);
  await expect.poll(wechatCount, { timeout: 20_000 }).toBe(0);
  const listed = await apiCall<Outcome<PresetView[]>>(server, 'presets.list', {});
  for (const p of listed.ok ? listed.value.filter((v) => v.origin === 'user') : []) await apiCall(server, 'presets.remove', { id: p.id });
});

/** Starts one WeChat.exe copy, as a user who opened the app before opening Multiopen. */
async function oneWeChatRunning(): Promise<void> {
  expect((await startWineFixture('WeChat.exe', fixtureLog)).event).toBe('started');
  await expect.poll(wechatCount, { timeout: 20_000 }).toBe(1);
}

test.afterAll(async () => {
  await server?.stop();
  killWine();
});

test('the guard shows in the handles pane; Close mutex lets a second copy start', async ({ page }) => {
  const first = await startWineFixture('WeChat.exe', fixtureLog);
  expect(first.event).toBe('started');
  expect((await startWineFixture('WeChat.exe', fixtureLog)).event).toBe('refused');

  await openUi(page);
  await page.getByRole('searchbox', { name: 'Search processes' }).fill('WeChat');
  await selectWeChat(page);
  const handles = page.getByRole('table', { name: 'Handles' });
  await page.getByRole('combobox', { name: 'Type' }).selectOption('Mutant');
  await expect(handles.getByText(new RegExp(MUTEX))).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search processes' }).fill('');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'main-en.png') });

  await page.getByRole('button', { name: 'Close mutex', exact: true }).click();
  await expect(page.getByTestId('close-result')).toContainText('Closed 1 handle');
  await expect(handles.getByText(new RegExp(MUTEX))).toHaveCount(0);

  const second = await startWineFixture('WeChat.exe', fixtureLog);
  expect(second.event).toBe('started');
  await expect.poll(wechatCount, { timeout: 20_000 }).toBe(2);
});

test('Launch with Instances 3 makes 3 copies run, with progress per instance', async ({ page }) => {
  await oneWeChatRunning();
  await openUi(page);
  await selectWeChat(page);
  await page.getByRole('spinbutton', { name: 'Instances' }).fill('3');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const panel = page.getByTestId('launch-panel');
  await expect(panel).toContainText(/3 instance\(s\) running now/, { timeout: 120_000 });
  await expect(panel).toContainText(/Instance \d+: running \(PID \d+, (normal rights|as administrator)\)/);
  expect(await wechatCount()).toBe(3);
  await page.screenshot({ path: path.join(shots, 'launch-en.png') });
});

test('a saved preset survives a server restart', async ({ page }) => {
  await oneWeChatRunning();
  await openUi(page);
  await selectWeChat(page);
  await page.getByRole('button', { name: 'Save as preset' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as preset' });
  await dialog.getByRole('textbox', { name: /^Id/ }).fill('e2e-wechat');
  await dialog.getByRole('textbox', { name: /^Display name/ }).fill('E2E WeChat');
  await dialog.getByRole('button', { name: 'Add guard' }).click();
  await dialog.getByRole('textbox', { name: 'Guard name' }).last().fill(MUTEX);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('preset-e2e-wechat')).toBeVisible();

  await server.stop();
  port += 1;
  server = await startWineServer({ home, port, logDir, fixtureLog });
  await openUi(page);
  const preset = page.getByTestId('preset-e2e-wechat');
  await expect(preset).toBeVisible();
  await expect(preset).toContainText(`Mutant:${MUTEX}`);
  await expect(preset).toContainText('Saved');
});

test('Auto-unlock closes the guard of each new copy, so the user can open more', async ({ page }) => {
  const saved = await apiCall<Outcome<PresetView>>(server, 'presets.save', { id: 'e2e-wechat', name: 'E2E WeChat', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: MUTEX }] });
  expect(saved.ok).toBe(true);
  await openUi(page);
  const card = page.getByTestId('preset-e2e-wechat');
  await card.getByRole('switch', { name: 'Auto-unlock E2E WeChat' }).check();
  await expect(card).toContainText(/Watching · \d+ closed/);
  const before = await wechatCount();
  // Each copy creates the mutex; the watcher closes it within its poll interval, so the next copy starts too.
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(1500);
    expect((await startWineFixture('WeChat.exe', fixtureLog)).event).toBe('started');
  }
  await expect.poll(wechatCount, { timeout: 20_000 }).toBe(before + 2);
  await card.getByRole('switch', { name: 'Auto-unlock E2E WeChat' }).uncheck();
  await expect(card).not.toContainText('Watching');
});

test('Learn guard finds an unknown app\'s guard by trial and saves it as a preset', async ({ page }) => {
  await openUi(page);
  await page.getByRole('button', { name: 'Learn guard…' }).click();
  const dialog = page.getByRole('dialog', { name: "Learn an app's guard" });
  await dialog.getByRole('textbox', { name: 'Executable path' }).fill(winPath(path.join(fixturesBin, 'EventApp.exe')));
  await dialog.getByRole('button', { name: 'Learn', exact: true }).click();
  await expect(dialog.getByText('Event:MultiopenTest_SingletonEvent')).toBeVisible({ timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Save as preset' }).click();
  const editor = page.getByRole('dialog', { name: 'Save as preset' });
  await expect(editor.getByRole('textbox', { name: /^Id/ })).toHaveValue('eventapp');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('preset-eventapp')).toContainText('Event:MultiopenTest_SingletonEvent');
});

test('the Chinese UI renders its labels', async ({ page }) => {
  await oneWeChatRunning();
  await openUi(page, 'zh-CN');
  await expect(page.getByRole('searchbox', { name: '搜索进程' })).toBeVisible();
  await expect(page.getByRole('button', { name: '关闭互斥体', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '启动', exact: true })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: '实例数' })).toBeVisible();
  await selectWeChat(page);
  await expect(page.getByText(/WeChat\.exe \(\d+\) 的句柄/)).toBeVisible();
  await expect(page.getByRole('table', { name: '句柄' }).getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('button', { name: '关闭互斥体', exact: true })).toBeEnabled();
  await page.screenshot({ path: path.join(shots, 'main-zh-CN.png') });
});
