/** Errors worded for people (from the error code, never the engine's English message), results and progress. */
import { useTranslation } from 'react-i18next';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import type { EngineError, FailedItem, LaunchProgress } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { needsElevatedStart, RestartAdminButton, StartElevatedButton } from './AdminActions';

const useStyles = makeStyles({
  list: { margin: '4px 0 0', paddingLeft: '18px', maxHeight: '120px', overflowY: 'auto', fontSize: tokens.fontSizeBase200 },
  status: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, marginLeft: '6px' },
  launch: { display: 'flex', flexDirection: 'column', gap: '4px', padding: '8px 12px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  launchHead: { display: 'flex', alignItems: 'center', gap: '8px' },
});

/** Launch failures that mean the app may have changed its guard: they offer to check the preset. */
const CHECK_CODES: readonly string[] = ['GUARD_NOT_FOUND', 'GUARD_TIMEOUT'];

/** The advice for an error code, in the current language (a guard not found among File handles left unnamed says so). */
export function useAdvice() {
  const { t } = useTranslation();
  return (e: Pick<EngineError, 'code' | 'unnamed'>) =>
    e.code === 'GUARD_NOT_FOUND' && e.unnamed ? t('notice.guardUnnamed', { count: e.unnamed }) : t(`errors.${e.code}`, { defaultValue: t('errors.OS_ERROR') });
}

/** One error as advice text (plus the raw status for support). */
export function ErrorText({ error }: { error: EngineError }) {
  const styles = useStyles();
  const advice = useAdvice();
  return (
    <Text role="alert">
      {advice(error)}
      {error.status ? <span className={styles.status}>{error.status}</span> : null}
    </Text>
  );
}

export { AdminHelpDialog, RestartAdminButton } from './AdminActions';

/** The current error notice with its next step. */
export function ErrorNotice({ onEditPreset, onLearn }: { onEditPreset: (id: string) => void; onLearn: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const notice = useApp((s) => s.notice);
  const advice = useAdvice();
  if (!notice) return null;
  const { code } = notice.error;
  const refresh = ['PROCESS_GONE', 'HANDLE_GONE', 'HANDLE_CHANGED', 'NOT_RUNNING', 'PRESET_NOT_FOUND'].includes(code);
  const edit = notice.presetId && ['GUARD_NOT_FOUND', 'EXE_NOT_FOUND', 'PRESET_INVALID', 'LAUNCH_FAILED', 'INSTANCE_EXITED', 'GUARD_TIMEOUT'].includes(code);
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-notice" data-code={code}>
      <MessageBarBody>
        <MessageBarTitle>{t(`actions.${notice.kind}`)}</MessageBarTitle>
        {advice(notice.error)}
        {notice.error.status ? <Text size={200}> ({t('notice.status', { status: notice.error.status })})</Text> : null}
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={t('notice.dismiss')} icon={<Dismiss20Regular />} onClick={() => store.getState().dismissNotice()} />}
      >
        {code === 'ACCESS_DENIED' ? <RestartAdminButton /> : null}
        {refresh ? (
          <Button
            size="small"
            onClick={() => {
              const s = store.getState();
              s.dismissNotice();
              void s.refreshProcesses().then(() => s.refreshHandles());
              if (code === 'PRESET_NOT_FOUND') void s.loadPresets();
            }}
          >
            {t('notice.refresh')}
          </Button>
        ) : null}
        {notice.presetId && CHECK_CODES.includes(code) ? (
          <Button size="small" onClick={() => store.getState().openCheck(notice.presetId!)}>
            {t('check.fromLaunch')}
          </Button>
        ) : null}
        {code === 'GUARD_NOT_FOUND' ? (
          <Button size="small" onClick={onLearn}>
            {t('notice.learnGuard')}
          </Button>
        ) : null}
        {edit ? (
          <Button size="small" onClick={() => onEditPreset(notice.presetId!)}>
            {t('notice.editPreset')}
          </Button>
        ) : null}
      </MessageBarActions>
    </MessageBar>
  );
}

/** Per-handle result of the last close / unlock. */
export function CloseResultBar() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const result = useApp((s) => s.closeResult);
  const advice = useAdvice();
  if (!result) return null;
  const { closed, failed } = result.report;
  if (closed.length === 0 && failed.length === 0) return null;
  return (
    <MessageBar intent={failed.length === 0 ? 'success' : closed.length === 0 ? 'error' : 'warning'} layout="multiline" data-testid="close-result">
      <MessageBarBody>
        <MessageBarTitle>
          {t('close.closed', { count: closed.length })}
          {failed.length > 0 ? ` · ${t('close.failed', { count: failed.length })}` : ''}
        </MessageBarTitle>
        <ul className={styles.list}>
          {closed.map((c) => (
            <li key={`c${c.pid}:${c.handle}`}>{t('close.closedItem', { type: c.type, name: c.name, pid: c.pid, handle: c.handle })}</li>
          ))}
          {failed.map((f: FailedItem, i) => (
            <li key={`f${i}`}>{t('close.failedItem', { pid: f.pid ?? '-', handle: f.handle ?? '', reason: advice(f) })}</li>
          ))}
        </ul>
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={t('notice.dismiss')} icon={<Dismiss20Regular />} onClick={() => store.getState().dismissCloseResult()} />}
      />
    </MessageBar>
  );
}

/** The latest step of each instance, in order. */
export function stepsByInstance(steps: readonly LaunchProgress[]): { unlocking: Extract<LaunchProgress, { step: 'unlocking' }> | null; instances: Exclude<LaunchProgress, { step: 'unlocking' }>[] } {
  let unlocking: Extract<LaunchProgress, { step: 'unlocking' }> | null = null;
  const byIndex = new Map<number, Exclude<LaunchProgress, { step: 'unlocking' }>>();
  for (const s of steps) {
    if (s.step === 'unlocking') unlocking = s;
    else byIndex.set(s.index, s);
  }
  return { unlocking, instances: [...byIndex.values()].sort((a, b) => a.index - b.index) };
}

/** Launch progress per instance and the outcome. */
export function LaunchPanel() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const launch = useApp((s) => s.launch);
  const advice = useAdvice();
  if (!launch) return null;
  const { unlocking, instances } = stepsByInstance(launch.steps);
  const started = unlocking ? Math.max(0, launch.target - unlocking.running) : launch.target;
  const launched = instances.filter((s) => s.step === 'launched').length;
  const line = (s: Exclude<LaunchProgress, { step: 'unlocking' }>) => {
    switch (s.step) {
      case 'launching':
        return t('launch.launching', { index: s.index });
      case 'waiting-guard':
        return t('launch.waitingGuard', { index: s.index, pid: s.pid });
      case 'launched':
        return s.level
          ? t('launch.launchedAt', { index: s.index, pid: s.pid, level: t(s.level === 'elevated' ? 'launch.levelElevated' : 'launch.levelNormal') })
          : t('launch.launched', { index: s.index, pid: s.pid });
      case 'failed':
        return t('launch.failed', { index: s.index, reason: advice(s) });
    }
  };
  const report = launch.report;
  return (
    <section className={styles.launch} aria-label={t('launch.title')} data-testid="launch-panel" aria-live="polite">
      <div className={styles.launchHead}>
        <Text weight="semibold" style={{ flexGrow: 1 }}>
          {launch.busy ? t('launch.busy', { target: launch.target }) : report ? t('launch.done', { running: report.running, launched: report.launched.length }) : t('actions.launch')}
        </Text>
        {!launch.busy ? <Button size="small" appearance="subtle" icon={<Dismiss20Regular />} aria-label={t('launch.dismiss')} onClick={() => store.getState().dismissLaunch()} /> : null}
      </div>
      {launch.busy ? <ProgressBar value={started > 0 ? launched / started : undefined} thickness="medium" /> : null}
      {unlocking ? <Text size={200}>{t('launch.unlocking', { running: unlocking.running, target: unlocking.target })}</Text> : null}
      <ul className={styles.list}>
        {instances.map((s) => (
          <li key={s.index}>{line(s)}</li>
        ))}
      </ul>
      {report && report.failed.length > 0 ? (
        <>
          <Text size={200} weight="semibold">{t('launch.someFailed', { count: report.failed.length })}</Text>
          <ul className={styles.list}>
            {report.failed.map((f, i) => (
              <li key={i}>{advice(f)}</li>
            ))}
          </ul>
          {launch.presetId && report.failed.some((f) => CHECK_CODES.includes(f.code)) ? (
            <div>
              <Button size="small" onClick={() => store.getState().openCheck(launch.presetId!)}>
                {t('check.fromLaunch')}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      {launch.error ? <ErrorText error={launch.error} /> : null}
      {!launch.busy && needsElevatedStart(report, launch.error) ? (
        <div>
          <StartElevatedButton />
        </div>
      ) : null}
    </section>
  );
}

/** Confirms a written shortcut. */
export function ShortcutBar() {
  const { t } = useTranslation();
  const store = useAppStore();
  const shortcut = useApp((s) => s.shortcut);
  if (!shortcut) return null;
  return (
    <MessageBar intent="success">
      <MessageBarBody>{t('shortcut.created', { file: shortcut.file })}</MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={t('notice.dismiss')} icon={<Dismiss20Regular />} onClick={() => store.getState().dismissShortcut()} />}
      />
    </MessageBar>
  );
}
