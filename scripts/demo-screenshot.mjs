// `npm run demo -- --screenshot FILE`: the demo UI in headless Chromium (Debian's, never a downloaded
// one), the WeChat sample selected with its guard mutex showing in the handles pane.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Opens `url`, selects WeChat.exe, filters its handles to Mutant and saves a screenshot to `file`. */
export async function takeScreenshot({ url, file, chromiumPath }) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.addInitScript(() => localStorage.setItem('multiopen.language', 'en'));
    await page.goto(url);
    const processes = page.getByRole('table', { name: 'Processes' });
    await processes.getByText('WeChat.exe', { exact: true }).first().click({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Type' }).selectOption('Mutant');
    const handles = page.getByRole('table', { name: 'Handles' });
    await handles.getByText(/_WeChat_App_Instance_Identity_Mutex_Name/).first().waitFor({ timeout: 60_000 });
    await page.getByTestId('preset-demo-lockfile').waitFor({ timeout: 30_000 });
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
  } finally {
    await browser.close();
  }
}
