/** The running copies of one preset, for its card: number, label, window title, and the per-copy buttons. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { PresetView } from '../../../core/model';
import { useApp } from '../context';
import { copiesOf } from '../store';
import { CopyActions } from './copy-actions';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  row: { display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0 },
  index: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3, minWidth: '1.5em' },
  label: { fontWeight: tokens.fontWeightSemibold },
  title: { flexGrow: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2 },
});

/** The copies of `preset` that run now (nothing when none does). */
export function PresetCopies({ preset }: { preset: PresetView }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const all = useApp((s) => s.copies);
  const copies = copiesOf(all, preset.id);
  const [message, setMessage] = useState<string | null>(null);
  if (copies.length === 0) return null;
  return (
    <div>
      <ul className={styles.list} aria-label={t('copies.title')}>
        {copies.map((c) => {
          const title = c.windows.find((w) => w.title)?.title ?? t('copies.noWindow');
          return (
            <li key={c.pid} className={styles.row} data-testid={`copy-${preset.id}-${c.index}`}>
              <span className={styles.index}>{c.index}</span>
              <span className={styles.label}>{c.label ?? ''}</span>
              <span className={styles.title} title={`PID ${c.pid}`}>
                {title}
              </span>
              <CopyActions copy={c} onResult={setMessage} />
            </li>
          );
        })}
      </ul>
      {message ? <Caption1 role="status">{message}</Caption1> : null}
    </div>
  );
}
