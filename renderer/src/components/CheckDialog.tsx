/**
 * The Check dialog: says what a check does, runs it on the user's click with a line per step, then
 * shows the result (CheckResult.tsx). A running check cannot be stopped part-way (the engine ends every
 * copy it started when it finishes), so Close waits for it and says why.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CheckProgress } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { ErrorText } from './Notices';
import { CheckResult } from './CheckResult';

const useStyles = makeStyles({
  surface: { width: 'min(880px, calc(100vw - 32px))', maxWidth: 'min(880px, calc(100vw - 32px))' },
  steps: { margin: '8px 0', paddingLeft: '18px', maxHeight: '160px', overflowY: 'auto', fontSize: tokens.fontSizeBase200 },
  running: { display: 'flex', alignItems: 'center', gap: '8px', marginTop: '4px' },
  wait: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** One progress step as a line, in the current language. */
export function useCheckStepText() {
  const { t } = useTranslation();
  return (p: CheckProgress): string => {
    switch (p.step) {
      case 'starting':
        return p.what === 'first' ? t('check.startingFirst') : t('check.startingTrial');
      case 'collected':
        return t('check.collected', { count: p.candidates });
      case 'compared': {
        const version = p.appVersion ?? t('check.versionUnknownShort');
        if (p.expected.length === 0) return t('check.comparedNone', { version });
        return t('check.compared', { version, held: p.expected.filter((g) => g.held).length, total: p.expected.length });
      }
      case 'refused':
        return t('check.refused');
      case 'closing':
        return t('learn.closing', { type: p.candidate.type, name: p.candidate.name, index: p.index, total: p.total });
      case 'survived':
        return t('check.survived');
      case 'minimizing':
        return t('learn.minimizing', { type: p.guard.type, name: p.guard.name });
      case 'cleaning-up':
        return t('learn.cleaningUp', { count: p.processes });
    }
  };
}

/** The Check dialog; open while the store has a check. */
export function CheckDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const check = useApp((s) => s.check);
  const line = useCheckStepText();
  const open = check !== null;
  // The dialog opens from the store (a card, a launch result), not from a trigger of its own: focus goes
  // back by hand to what had it. Taken while rendering, before the dialog moves focus inside itself.
  const opener = useRef<HTMLElement | null>(null);
  if (open && opener.current === null && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
  useEffect(() => {
    if (open) return;
    const el = opener.current;
    opener.current = null;
    if (el?.isConnected) el.focus();
  }, [open]);
  if (!check) return null;
  const { preset, busy, report, error } = check;
  const appRunning = error?.code === 'APP_RUNNING';
  const canStart = !busy && check.save !== 'saving';
  // A fix is offered until it is saved; an ok check has nothing to change.
  const offerSave = report?.proposed != null && report.status !== 'ok' && check.save !== 'saved';
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && store.getState().dismissCheck()}>
      <DialogSurface className={styles.surface} aria-busy={busy} data-testid="check-dialog">
        <DialogBody>
          <DialogTitle>{t('check.title', { name: preset.name })}</DialogTitle>
          <DialogContent>
            {report === null ? <Text as="p">{t('check.intro', { exe: preset.exe })}</Text> : null}
            {check.steps.length > 0 ? (
              <ul className={styles.steps} aria-live="polite" aria-label={t('check.steps')} data-testid="check-steps">
                {check.steps.map((p, i) => (
                  <li key={i}>{line(p)}</li>
                ))}
              </ul>
            ) : null}
            {busy ? (
              <div className={styles.running} role="status">
                <Spinner size="tiny" />
                <Text className={styles.wait} id="check-wait">
                  {t('check.running')}
                </Text>
              </div>
            ) : null}
            {appRunning ? (
              <Text role="alert" as="p">
                {t('check.appRunning', { exe: preset.exe })}
              </Text>
            ) : error ? (
              <ErrorText error={error} />
            ) : null}
            {report ? <CheckResult check={check} /> : null}
          </DialogContent>
          <DialogActions>
            {offerSave ? (
              <Button appearance="primary" disabledFocusable={!canStart} onClick={() => void store.getState().saveCheckFix()} data-testid="check-save">
                {t('check.save')}
              </Button>
            ) : null}
            <Button appearance={offerSave ? 'secondary' : 'primary'} disabledFocusable={!canStart} onClick={() => void store.getState().runCheck()}>
              {report || error ? t('check.again') : t('check.start')}
            </Button>
            <Button disabledFocusable={busy} aria-describedby={busy ? 'check-wait' : undefined} onClick={() => store.getState().dismissCheck()}>
              {t('check.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
