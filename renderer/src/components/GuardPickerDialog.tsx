/** For an app no preset knows: choose its named objects to close (or to launch with). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, Text, makeStyles } from '@fluentui/react-components';
import type { GuardSpec, GuardType, HandleRow, ProcessRow } from '../../../core/model';
import { useAppStore } from '../context';
import { guardName } from '../store';

const useStyles = makeStyles({ list: { display: 'flex', flexDirection: 'column', maxHeight: '320px', overflowY: 'auto', marginTop: '8px' } });

/** Distinct guards (type + name after the last backslash) among named handles; Mutants first. */
export function guardChoices(handles: readonly HandleRow[]): GuardSpec[] {
  const seen = new Map<string, GuardSpec>();
  for (const h of handles) {
    if (!h.name) continue;
    const g: GuardSpec = { type: h.type as GuardType, name: guardName(h.name) };
    seen.set(`${g.type}:${g.name}`, g);
  }
  const order = (t: string) => (t === 'Mutant' ? 0 : 1);
  return [...seen.values()].sort((a, b) => order(a.type) - order(b.type) || a.name.localeCompare(b.name));
}

/** Props of GuardPickerDialog. */
export interface GuardPickerProps {
  process: ProcessRow;
  mode: 'unlock' | 'launch';
  onConfirm: (guards: GuardSpec[]) => void;
  onCancel: () => void;
}

/** The guard picker dialog. */
export function GuardPickerDialog({ process, mode, onConfirm, onCancel }: GuardPickerProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const [choices, setChoices] = useState<GuardSpec[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  useEffect(() => {
    let live = true;
    void store.getState().namedGuardHandles(process.pid).then((rows) => {
      if (!live) return;
      const list = guardChoices(rows ?? []);
      setChoices(list);
      // A lone named mutex is almost always the guard; pre-select it, never more than that.
      const mutants = list.filter((g) => g.type === 'Mutant');
      setChosen(new Set(mutants.length === 1 ? [`Mutant:${mutants[0]!.name}`] : []));
    });
    return () => {
      live = false;
    };
  }, [process.pid, store]);

  const keyOf = (g: GuardSpec) => `${g.type}:${g.name}`;
  const toggle = (k: string) => setChosen((prev) => {
    const next = new Set(prev);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    return next;
  });

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('guards.title')}</DialogTitle>
          <DialogContent>
            <Text as="p">{t('guards.body', { exe: process.name })}</Text>
            {choices === null ? <Spinner size="small" label={t('guards.loading')} /> : null}
            {choices?.length === 0 ? <Text as="p">{t('guards.none')}</Text> : null}
            <div className={styles.list}>
              {choices?.map((g) => (
                <Checkbox key={keyOf(g)} label={`${g.type}  ${g.name}`} checked={chosen.has(keyOf(g))} onChange={() => toggle(keyOf(g))} />
              ))}
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={chosen.size === 0} onClick={() => onConfirm((choices ?? []).filter((g) => chosen.has(keyOf(g))))}>
              {mode === 'unlock' ? t('guards.confirm') : t('guards.confirmLaunch')}
            </Button>
            <Button onClick={onCancel}>{t('guards.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
