/** Guard learning wizard: runs `learn` on an exe path, shows each trial, offers the result as a preset. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { LearnProgress, LearnReport } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { ErrorText } from './Notices';

const useStyles = makeStyles({
  steps: { margin: '8px 0', paddingLeft: '18px', maxHeight: '180px', overflowY: 'auto', fontSize: tokens.fontSizeBase200 },
  guards: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** Props of LearnDialog. */
export interface LearnDialogProps {
  initialPath: string;
  onClose: () => void;
  onSaveAs: (report: LearnReport) => void;
}

/** The learning dialog. */
export function LearnDialog({ initialPath, onClose, onSaveAs }: LearnDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const learn = useApp((s) => s.learn);
  const [path, setPath] = useState(initialPath);
  const line = (p: LearnProgress): string => {
    switch (p.step) {
      case 'starting':
        return t('learn.starting');
      case 'collected':
        return t('learn.collected', { count: p.candidates });
      case 'refused':
        return t('learn.refused', { trial: p.trial });
      case 'closing':
        return t('learn.closing', { type: p.candidate.type, name: p.candidate.name, index: p.index, total: p.total });
      case 'survived':
        return t('learn.survived', { trial: p.trial });
      case 'minimizing':
        return t('learn.minimizing', { type: p.guard.type, name: p.guard.name });
      case 'cleaning-up':
        return t('learn.cleaningUp', { count: p.processes });
    }
  };
  const report = learn?.report ?? null;
  const close = () => {
    // A finished run is forgotten so the next opening starts clean; a running one keeps reporting.
    store.getState().dismissLearn();
    onClose();
  };
  const usable = report !== null && (report.guards.length > 0 || report.multiInstanceByItself);
  const learnButton = (primary: boolean) => (
    <Button appearance={primary ? 'primary' : 'secondary'} disabled={!path.trim() || learn?.busy} onClick={() => void store.getState().learnGuards(path.trim())}>
      {t('learn.start')}
    </Button>
  );
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('learn.title')}</DialogTitle>
          <DialogContent>
            <Text as="p">{t('learn.body')}</Text>
            <Field label={t('learn.path')}>
              <Input value={path} onChange={(_, d) => setPath(d.value)} disabled={learn?.busy} />
            </Field>
            {learn && learn.steps.length > 0 ? (
              <ul className={styles.steps} aria-live="polite" aria-label={t('learn.steps')}>
                {learn.steps.map((p, i) => (
                  <li key={i}>{line(p)}</li>
                ))}
              </ul>
            ) : null}
            {learn?.busy ? <Spinner size="tiny" /> : null}
            {learn?.error ? <ErrorText error={learn.error} /> : null}
            {report ? (
              <div role="status">
                {report.multiInstanceByItself ? (
                  <Text>{t('learn.selfMulti')}</Text>
                ) : report.guards.length > 0 ? (
                  <>
                    <Text>{t('learn.found', { trials: report.trials })}</Text>
                    {report.guards.map((g) => (
                      <div key={`${g.type}:${g.name}`} className={styles.guards}>{`${g.type}:${g.name}`}</div>
                    ))}
                  </>
                ) : (
                  <Text>{t('learn.noneFound')}</Text>
                )}
                {report.notes.map((n, i) => (
                  <Text as="p" size={200} key={i}>
                    {n}
                  </Text>
                ))}
              </div>
            ) : null}
          </DialogContent>
          <DialogActions>
            {usable && !learn?.busy ? (
              <>
                <Button
                  appearance="primary"
                  style={{ whiteSpace: 'nowrap' }}
                  onClick={() => {
                    store.getState().dismissLearn();
                    onSaveAs(report);
                  }}
                >
                  {t('learn.saveAs')}
                </Button>
                {learnButton(false)}
              </>
            ) : (
              learnButton(true)
            )}
            <Button onClick={close}>{t('learn.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
