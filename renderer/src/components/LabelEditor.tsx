/** The labels of one preset's copies: one field per copy number, saved one by one through the engine (which checks them). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Caption1, Field, Input, makeStyles } from '@fluentui/react-components';
import { MAX_INSTANCES, MAX_LABEL_CHARS } from '../../../core/policy';
import type { PresetView } from '../../../core/model';
import { useAppStore } from '../context';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '6px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: '6px' },
  row: { display: 'flex', alignItems: 'center', gap: '8px' },
  // Fluent's Input has a minimum width of its own: in a grid cell it must shrink to the cell.
  input: { minWidth: 0, width: '100%' },
});

/** How many fields to show: every labelled copy, the preset's count, and one more to add a label. */
export function labelSlots(preset: Pick<PresetView, 'labels' | 'instances'>, highestRunning = 0): number {
  return Math.min(MAX_INSTANCES, Math.max(preset.labels?.length ?? 0, preset.instances ?? 0, highestRunning) + 1);
}

/** Editor of a preset's labels. */
export function LabelEditor({ preset, highestRunning = 0 }: { preset: PresetView; highestRunning?: number }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const slots = labelSlots(preset, highestRunning);
  const [draft, setDraft] = useState<string[]>(() => Array.from({ length: slots }, (_, i) => preset.labels?.[i] ?? ''));
  const [status, setStatus] = useState<'idle' | 'saved' | 'invalid'>('idle');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    let ok = true;
    // Only what changed is sent; each change is checked by the engine (length, characters, duplicates).
    for (const [i, text] of draft.entries()) {
      if (text.trim() === (preset.labels?.[i] ?? '')) continue;
      ok = (await store.getState().setCopyLabel(preset.id, i + 1, text.trim() || null)) && ok;
      if (!ok) break;
    }
    setBusy(false);
    setStatus(ok ? 'saved' : 'invalid');
    if (!ok) store.getState().dismissNotice();
  };

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label={t('copies.labels')}>
      <Caption1>{t('copies.labelsHint')}</Caption1>
      <div className={styles.grid}>
        {draft.map((text, i) => (
          <Field key={i} label={t('copies.labelFor', { index: i + 1 })} size="small">
            <Input
              className={styles.input}
              size="small"
              value={text}
              maxLength={MAX_LABEL_CHARS}
              onChange={(_, d) => {
                setStatus('idle');
                setDraft(draft.map((v, j) => (j === i ? d.value : v)));
              }}
            />
          </Field>
        ))}
      </div>
      <div className={styles.row}>
        <Button type="submit" size="small" appearance="primary" disabled={busy}>
          {t('copies.saveLabels')}
        </Button>
        <Caption1 role="status">{status === 'saved' ? t('copies.saved') : status === 'invalid' ? t('copies.labelInvalid') : ''}</Caption1>
      </div>
    </form>
  );
}
