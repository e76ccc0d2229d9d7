/**
 * "Copies": every running copy of every preset in one view, by preset: its number, label, PID, how long it
 * has run and its window title, with bring-to-front, close and end; each preset's labels can be edited,
 * and its labelled copies that are not running can be started, each with its own number.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Subtitle2,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwise16Regular, Tag16Regular, Window16Regular } from '@fluentui/react-icons';
import type { InstanceRow, PresetView } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { copiesOf } from '../store';
import { CopyActions, StillRunningBar, useUptime } from './copy-actions';
import { LabelEditor } from './LabelEditor';

const useStyles = makeStyles({
  surface: { maxWidth: '900px', width: '92vw' },
  group: { display: 'flex', flexDirection: 'column', gap: '6px', paddingBottom: '12px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, marginBottom: '12px' },
  head: { display: 'flex', alignItems: 'center', gap: '8px' },
  table: { width: '100%', borderCollapse: 'collapse', '& th, & td': { textAlign: 'start', padding: '2px 6px', verticalAlign: 'middle' }, '& th': { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground3 } },
  title: { maxWidth: '280px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  only: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px' },
});

/** The toolbar button that opens the view. */
export function InstancesButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip content={t('copies.openHint')} relationship="description">
        <Button size="small" icon={<Window16Regular />} onClick={() => setOpen(true)}>
          {t('copies.open')}
        </Button>
      </Tooltip>
      {open ? <InstancesView onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** The view, as a dialog; it refreshes the list every few seconds while open. */
export function InstancesView({ onClose, pollMs = 3_000 }: { onClose: () => void; pollMs?: number }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const copies = useApp((s) => s.copies);
  const presets = useApp((s) => s.presets);
  useEffect(() => {
    void store.getState().refreshCopies();
    const timer = setInterval(() => void store.getState().refreshCopies(), pollMs);
    return () => clearInterval(timer);
  }, [store, pollMs]);
  // Presets with running copies, then those with labels (their copies can be started from here).
  const shown = presets.filter((p) => copiesOf(copies, p.id).length > 0 || (p.labels ?? []).some((l) => l !== ''));
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('copies.title')}</DialogTitle>
          <DialogContent>
            <StillRunningBar />
            {copies.length === 0 ? <Caption1 role="status">{t('copies.empty')}</Caption1> : null}
            {shown.map((p) => (
              <PresetGroup key={p.id} preset={p} copies={copiesOf(copies, p.id)} />
            ))}
          </DialogContent>
          <DialogActions>
            <Button icon={<ArrowClockwise16Regular />} onClick={() => void store.getState().refreshCopies()}>
              {t('copies.refresh')}
            </Button>
            <Button appearance="primary" onClick={onClose}>
              {t('copies.done')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** One preset: its copies as a table, its labels, and starting its labelled copies that are not running. */
function PresetGroup({ preset, copies }: { preset: PresetView; copies: InstanceRow[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const uptime = useUptime();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const now = Date.now();
  return (
    <section className={styles.group} aria-label={preset.name} data-testid={`copies-${preset.id}`}>
      <div className={styles.head}>
        <Subtitle2>{preset.name}</Subtitle2>
        <Caption1>{t('copies.running', { count: copies.length })}</Caption1>
        <Button size="small" appearance="subtle" icon={<Tag16Regular />} aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {t('copies.labels')}
        </Button>
      </div>
      {copies.length > 0 ? (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('copies.index')}</th>
              <th scope="col">{t('copies.label')}</th>
              <th scope="col">{t('copies.pid')}</th>
              <th scope="col">{t('copies.uptime')}</th>
              <th scope="col">{t('copies.window')}</th>
              <th scope="col">{t('copies.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {copies.map((c) => (
              <tr key={c.pid}>
                <td>{c.index}</td>
                <td>{c.label ?? <Caption1>{t('copies.noLabel')}</Caption1>}</td>
                <td>{c.pid}</td>
                <td>{uptime(c.startedAt, now)}</td>
                <td className={styles.title} title={c.windows.map((w) => w.title).join('\n')}>
                  {c.windows.find((w) => w.title)?.title ?? <Caption1>{t('copies.noWindow')}</Caption1>}
                </td>
                <td>
                  <CopyActions copy={c} onResult={setMessage} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {message ? <Caption1 role="status">{message}</Caption1> : null}
      <LaunchByLabel preset={preset} copies={copies} />
      {editing ? <LabelEditor preset={preset} highestRunning={Math.max(0, ...copies.map((c) => c.index))} /> : null}
    </section>
  );
}

/** Checkboxes of the labelled copies that are not running, and "Start selected" (`launch --only`). */
function LaunchByLabel({ preset, copies }: { preset: PresetView; copies: InstanceRow[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const busy = useApp((s) => s.launch?.busy === true);
  const running = new Set(copies.map((c) => c.index));
  const stopped = (preset.labels ?? []).map((label, i) => ({ label, index: i + 1 })).filter((l) => l.label !== '' && !running.has(l.index));
  const [picked, setPicked] = useState<string[]>([]);
  if ((preset.labels ?? []).every((l) => l === '')) return null;
  if (stopped.length === 0) return <Caption1>{t('copies.allRunning')}</Caption1>;
  const chosen = picked.filter((p) => stopped.some((s) => s.label === p));
  return (
    <div className={styles.only} role="group" aria-label={t('copies.launchWhich')}>
      {stopped.map((s) => (
        <Checkbox
          key={s.index}
          label={`${s.index} · ${s.label}`}
          checked={chosen.includes(s.label)}
          onChange={(_, d) => setPicked(d.checked ? [...chosen, s.label] : chosen.filter((c) => c !== s.label))}
        />
      ))}
      <Tooltip content={t('copies.launchOnlyHint')} relationship="description">
        <Button
          size="small"
          disabled={chosen.length === 0 || busy}
          onClick={() => void store.getState().launchInstances({ preset: preset.id, only: chosen }).then(() => store.getState().refreshCopies())}
        >
          {t('copies.launchOnly')}
        </Button>
      </Tooltip>
    </div>
  );
}
