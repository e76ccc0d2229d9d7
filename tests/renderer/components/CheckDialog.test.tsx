// The Check dialog over the real engine on the demo machine: Weixin is installed (not running) and
// behaves as each test makes it, so every status comes from the real check, not from a canned report.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PresetsPanel } from '../../../renderer/src/components/PresetsPanel';
import { LaunchPanel } from '../../../renderer/src/components/Notices';
import type { Language } from '../../../renderer/src/i18n';
import type { FakeProgram } from '../../../native-bindings/fake/fake-os-api';
import { bno } from '../../e2e/demo-world';
import { createFakeApi } from '../fake-api';
import { ready, renderView } from '../render';

const WEIXIN = 'C:\\Program Files\\Tencent\\Weixin\\Weixin.exe';
const OLD_MUTEX = 'XWeChat_App_Instance_Identity_Mutex_Name';
const NEW_MUTEX = 'XWeChat_App_Instance_Mutex_4_2';
const LOCK = 'File:Tencent\\xwechat\\lock\\lock.ini';
const NAME = 'Weixin 4.0.2-4.1.6 (微信 4)';
const today = () => new Date().toISOString().slice(0, 10);

/** The presets panel (it holds the Check dialog) over a demo machine where Weixin is installed as `program`. */
async function setUp(program: FakeProgram, options: { lang?: Language; withLaunch?: boolean } = {}) {
  const api = createFakeApi({ builtins: ['weixin', 'wechat'] });
  api.engine.os.installProgram(WEIXIN, program);
  const { store } = await ready({ api });
  renderView(
    <>
      {options.withLaunch ? <LaunchPanel /> : null}
      <PresetsPanel onEdit={() => {}} />
    </>,
    { api, store, ...(options.lang ? { lang: options.lang } : {}) },
  );
  return { api, store, os: api.engine.os };
}

const card = (id = 'weixin') => screen.getByTestId(`preset-${id}`);
const dialog = () => screen.getByTestId('check-dialog');

/** Opens the dialog from the card and starts the check; resolves with the result once it is shown. */
async function runCheck(name = `Check ${NAME} against the installed app`, start = 'Start check') {
  fireEvent.click(within(card()).getByRole('button', { name }));
  fireEvent.click(within(dialog()).getByRole('button', { name: start }));
  return screen.findByTestId('check-result', {}, { timeout: 8000 });
}

describe('Check dialog', () => {
  it('says what a check does and starts nothing until asked', async () => {
    const { api } = await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]] });
    fireEvent.click(within(card()).getByRole('button', { name: `Check ${NAME} against the installed app` }));
    expect(within(dialog()).getByText(/starts Weixin\.exe the way this preset launches it/)).toBeTruthy();
    expect(api.callsOf('presets.check')).toHaveLength(0);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('check-dialog')).toBeNull());
    expect(api.callsOf('presets.check')).toHaveLength(0);
  });

  it('gives focus back to the Check button it was opened from', async () => {
    await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]] });
    const button = within(card()).getByRole('button', { name: `Check ${NAME} against the installed app` });
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(dialog().contains(document.activeElement)).toBe(true));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('check-dialog')).toBeNull());
    expect(document.activeElement).toBe(button);
  });

  it('ok: the guard is still held; the version is shown, nothing to save, and the card says what it last worked with', async () => {
    const { api } = await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]], version: '4.1.0.30' });
    const result = await runCheck();
    expect(result.dataset.status).toBe('ok');
    expect(within(result).getByText('The preset still works')).toBeTruthy();
    expect(within(result).getByTestId('check-version').textContent).toMatch(/^Weixin\.exe version 4\.1\.0\.30 · trial copies: 1, \d+\.\d s$/);
    expect(within(result).getByTestId('check-next').textContent).toMatch(/Nothing to change/);
    expect(within(dialog()).queryByRole('button', { name: 'Save fix' })).toBeNull();
    // Each step was shown while it ran.
    const steps = within(dialog()).getByTestId('check-steps');
    expect(within(steps).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Starting a copy of the app…',
      'It holds 1 named object(s)',
      "Version 4.1.0.30: it holds 1 of the preset's 2 guard(s)",
      'Starting a second copy…',
      'Ending 2 test copies',
    ]);
    expect(api.callsOf('presets.check')).toEqual([{ preset: 'weixin', checkId: expect.any(String) }]);
    await waitFor(() => expect(within(card()).getByTestId('preset-last-worked').textContent).toBe(`Checked: works with version 4.1.0.30 (${today()})`));
    expect(api.callsOf('presets.save')).toHaveLength(0);
  });

  it('guard-changed: old and new guards side by side; Save fix saves the proposal through presets.save, and only on the click', async () => {
    const { api } = await setUp({ guards: [['Mutant', bno(NEW_MUTEX)]], version: '4.2.0.8' });
    const result = await runCheck();
    expect(result.dataset.status).toBe('guard-changed');
    expect(within(result).getByText('The app changed its guard')).toBeTruthy();
    const diff = within(result).getByRole('table', { name: 'Guards: the preset now and the proposed fix' });
    const rows = within(diff).getAllByRole('row').map((r) => [...r.querySelectorAll('[role=cell],[role=columnheader]')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['In the preset now', 'Proposed fix'],
      [`−\u00a0Mutant:${OLD_MUTEX}not held`, 'removed'],
      [`${LOCK}optionalnot held`, `${LOCK}optional`],
      ['', `+\u00a0Mutant:${NEW_MUTEX}`],
    ]);
    expect(api.callsOf('presets.save')).toHaveLength(0);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save fix' }));
    await waitFor(() => expect(within(result).getByTestId('check-next').textContent).toBe('Saved: the preset now has the proposed guards.'));
    const saved = api.callsOf('presets.save') as { id: string; guards: unknown[]; checkedVersion: string }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: 'weixin', checkedVersion: '4.2.0.8', guards: [{ type: 'Mutant', name: NEW_MUTEX }, { type: 'File', name: 'Tencent\\xwechat\\lock\\lock.ini', optional: true }] });
    expect(within(dialog()).queryByRole('button', { name: 'Save fix' })).toBeNull();
    // The card shows the saved preset: the new guard, replacing the built-in, and still trusted (guards are not what it starts).
    await waitFor(() => expect(within(card()).getByText(`Mutant:${NEW_MUTEX}`)).toBeTruthy());
    expect(within(card()).getByText('replaces built-in')).toBeTruthy();
    expect(within(card()).getByTestId('preset-last-worked').textContent).toBe('Checked against version 4.2.0.8');
    expect(within(card()).queryByTestId('preset-unconfirmed')).toBeNull();
  });

  it('guard-changed in zh-CN', async () => {
    await setUp({ guards: [['Mutant', bno(NEW_MUTEX)]], version: '4.2.0.8' }, { lang: 'zh-CN' });
    const result = await runCheck(`对照已安装的应用检查 ${NAME}`, '开始检查');
    expect(within(result).getByText('应用更换了守护对象')).toBeTruthy();
    expect(within(result).getByRole('columnheader', { name: '当前预设' })).toBeTruthy();
    expect(within(result).getByRole('columnheader', { name: '建议的修正' })).toBeTruthy();
    expect(within(result).getByTestId('check-version').textContent).toMatch(/^Weixin\.exe 版本 4\.2\.0\.8 · 试启动副本 \d+ 个，用时 \d+\.\d 秒$/);
    expect(within(dialog()).getByRole('button', { name: '保存修正' })).toBeTruthy();
  });

  it('no-guard-needed: the app starts a second copy by itself; the fix keeps only the optional guard', async () => {
    const { api } = await setUp({ noGuard: true, version: '4.3.0.1' });
    const result = await runCheck();
    expect(result.dataset.status).toBe('no-guard-needed');
    expect(within(result).getByText('No guard needed any more')).toBeTruthy();
    expect(within(result).getByText(`− Mutant:${OLD_MUTEX}`, { exact: false })).toBeTruthy();
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save fix' }));
    await waitFor(() => expect(api.callsOf('presets.save')).toHaveLength(1));
    expect((api.callsOf('presets.save')[0] as { guards: unknown[] }).guards).toEqual([{ type: 'File', name: 'Tencent\\xwechat\\lock\\lock.ini', optional: true }]);
  });

  it('unexplained: lists the window classes of the first copy and offers no fix', async () => {
    await setUp({ noGuard: true, window: { className: 'WeixinMainWndForPC', title: 'Weixin' }, refusesWhenWindow: 'WeixinMainWndForPC' });
    const result = await runCheck();
    expect(result.dataset.status).toBe('unexplained');
    expect(within(result).getByText('Not explained')).toBeTruthy();
    const windows = within(result).getByRole('list', { name: 'Window classes' });
    expect(windows.textContent).toBe('WeixinMainWndForPC — “Weixin”');
    expect(within(result).getByTestId('check-version').textContent).toMatch(/no version number/);
    expect(within(dialog()).queryByRole('button', { name: 'Save fix' })).toBeNull();
  });

  it('access-denied: points to restarting as administrator', async () => {
    const { os } = await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]] });
    const spawn = os.spawnDetached.bind(os);
    os.spawnDetached = async (...args) => {
      const started = await spawn(...args);
      if (started.ok) os.deniedPids.add(started.value.pid);
      return started;
    };
    const result = await runCheck();
    expect(result.dataset.status).toBe('access-denied');
    expect(within(result).getByText('The app could not be examined')).toBeTruthy();
    expect(within(result).getByTestId('check-next').textContent).toBe('Restart Multiopen as administrator, then check again.');
    expect(within(result).getByRole('button', { name: 'Restart as administrator' })).toBeTruthy();
    expect(within(dialog()).queryByRole('button', { name: 'Save fix' })).toBeNull();
  });

  it('cannot be closed while it runs, and says why', async () => {
    await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]], startDelayMs: 400 });
    fireEvent.click(within(card()).getByRole('button', { name: `Check ${NAME} against the installed app` }));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Start check' }));
    const close = await within(dialog()).findByRole('button', { name: 'Close' });
    await waitFor(() => expect(close.getAttribute('aria-disabled')).toBe('true'));
    expect(within(dialog()).getByText(/A check cannot be stopped part-way/)).toBeTruthy();
    expect(close.getAttribute('aria-describedby')).toBe('check-wait');
    fireEvent.click(close);
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(screen.getByTestId('check-dialog')).toBeTruthy();
    // The other cards' Check waits too: one check at a time.
    expect(within(card('wechat')).getByRole('button', { name: /Check WeChat/ }).hasAttribute('disabled')).toBe(true);
    await screen.findByTestId('check-result', {}, { timeout: 8000 });
    await waitFor(() => expect(close.getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(close);
    await waitFor(() => expect(screen.queryByTestId('check-dialog')).toBeNull());
  });

  it('a running app is refused with its own advice', async () => {
    // WeChat runs on the demo machine: a check starts its own copies, so it asks to close it first.
    await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]] });
    fireEvent.click(within(card('wechat')).getByRole('button', { name: 'Check WeChat 3.x (微信, legacy) against the installed app' }));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Start check' }));
    expect((await within(dialog()).findByRole('alert')).textContent).toBe('WeChat.exe is running. Close every copy of it, then start the check: a check starts and ends its own copies.');
    expect(within(dialog()).getByRole('button', { name: 'Check again' })).toBeTruthy();
  });
});

describe('Launch result', () => {
  it('a guard that did not appear (the app was updated) offers to check the preset', async () => {
    // A newer Weixin creates another guard than the preset's: the launch waits for it in vain.
    const { store } = await setUp({ guards: [['Mutant', bno(NEW_MUTEX)]] }, { withLaunch: true });
    store.getState().setInstances(1);
    await store.getState().launchInstances({ preset: 'weixin' });
    const panel = await screen.findByTestId('launch-panel');
    fireEvent.click(within(panel).getByRole('button', { name: 'Check preset' }));
    expect(within(await screen.findByTestId('check-dialog')).getByText(`Check preset: ${NAME}`)).toBeTruthy();
  });
});
