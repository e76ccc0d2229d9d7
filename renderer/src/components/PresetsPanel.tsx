/** Built-in and saved presets: the list of cards (PresetCard.tsx), import and export, and the Check dialog. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, ArrowUpload20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import type { PresetView } from '../../../core/model';
import { MAX_PRESET_DOCUMENT_CHARS } from '../../../electron/shared/contract';
import { PRESETS_EXPORT_FILE, downloadText, readFileText } from '../files';
import { useAdvice } from './Notices';
import { ImportReviewDialog } from './ImportReviewDialog';
import { PresetCard } from './PresetCard';
import { CheckDialog } from './CheckDialog';
import { useApp, useAppStore } from '../context';

const useStyles = makeStyles({
  // Children keep their height: the panel scrolls instead of squeezing a message bar.
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: 0, overflowY: 'auto', paddingRight: '4px', '& > *': { flexShrink: 0 } },
  headRow: { display: 'flex', alignItems: 'center', gap: '2px' },
  head: { fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  detail: { display: 'block', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere', marginTop: '2px' },
});

/** Presets panel. */
export function PresetsPanel({ onEdit }: { onEdit: (p: PresetView) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const presets = useApp((s) => s.presets);
  const processes = useApp((s) => s.processes);

  const running = (p: PresetView) => processes.filter((x) => x.name.toLowerCase() === p.exe.toLowerCase()).length;
  // Apps that run now first, then saved ones, then by name: the preset you want is usually at the top.
  const sorted = [...presets].sort(
    (a, b) => Number(running(b) > 0) - Number(running(a) > 0) || Number(b.origin === 'user') - Number(a.origin === 'user') || a.name.localeCompare(b.name),
  );

  return (
    <section className={styles.panel} aria-label={t('presets.title')}>
      <div className={styles.headRow}>
        <Text className={styles.head}>{t('presets.title')}</Text>
        <ImportExport />
      </div>
      <PresetTransferBar />
      {presets.length === 0 ? <Caption1>{t('presets.empty')}</Caption1> : null}
      <ul role="list" aria-label={t('presets.list')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '6px' }}>
        {sorted.map((p) => (
          <li key={p.id} data-testid={`preset-${p.id}`}>
            <PresetCard preset={p} running={running(p)} onEdit={onEdit} />
          </li>
        ))}
      </ul>
      <CheckDialog />
    </section>
  );
}

/** "Import…" (a JSON file chosen by the user) and "Export…" (a download of the user presets). */
function ImportExport() {
  const { t } = useTranslation();
  const store = useAppStore();
  const input = useRef<HTMLInputElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const reviewing = useApp((s) => s.importReview !== null);
  const wasReviewing = useRef(false);

  // The review dialog has no trigger of its own (a file chooser came between): focus goes back to Import… by hand.
  useEffect(() => {
    if (wasReviewing.current && !reviewing) importButton.current?.focus();
    wasReviewing.current = reviewing;
  }, [reviewing]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      // A file far too large is read only up to the limit (its text is then too long, and said so).
      // Nothing is saved here: the engine reviews the file, and the review dialog asks.
      await store.getState().importPresets(await readFileText(file.slice(0, MAX_PRESET_DOCUMENT_CHARS * 4 + 1)));
    } finally {
      setBusy(false);
    }
  };

  const onExport = async () => {
    setBusy(true);
    try {
      const doc = await store.getState().exportPresets();
      if (doc && doc.presets.length > 0) downloadText(PRESETS_EXPORT_FILE, `${JSON.stringify(doc, null, 2)}\n`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label={t('presets.importFile')}
        data-testid="presets-import-file"
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) imports it again.
          e.currentTarget.value = '';
          void onFile(file);
        }}
      />
      <Tooltip content={t('presets.importHint')} relationship="description">
        <Button ref={importButton} size="small" appearance="subtle" icon={<ArrowUpload20Regular />} disabled={busy} onClick={() => input.current?.click()}>
          {t('presets.import')}
        </Button>
      </Tooltip>
      <Tooltip content={t('presets.exportHint')} relationship="description">
        <Button size="small" appearance="subtle" icon={<ArrowDownload20Regular />} disabled={busy} onClick={() => void onExport()}>
          {t('presets.export')}
        </Button>
      </Tooltip>
      <ImportReviewDialog />
    </>
  );
}

/** The outcome of the last import or export. */
function PresetTransferBar() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const transfer = useApp((s) => s.presetTransfer);
  const advice = useAdvice();
  if (!transfer) return null;
  let intent: 'success' | 'info' | 'error' = 'error';
  let title: string | null = null;
  let body: string;
  let detail: string | null = null;
  switch (transfer.kind) {
    case 'imported':
      intent = 'success';
      body = t('presets.imported', { count: transfer.saved.length, ids: transfer.saved.join(', ') });
      break;
    case 'exported':
      intent = transfer.count > 0 ? 'success' : 'info';
      body = transfer.count > 0 ? t('presets.exported', { count: transfer.count, file: PRESETS_EXPORT_FILE }) : t('presets.exportEmpty');
      break;
    case 'export-failed':
      title = t('presets.exportFailed');
      body = advice(transfer.error);
      break;
    case 'import-failed':
      if (transfer.reason === 'json') body = t('presets.importNotJson');
      else if (transfer.reason === 'shape') body = t('presets.importNotObject');
      else if (transfer.reason === 'size') body = t('presets.importTooLarge', { kb: MAX_PRESET_DOCUMENT_CHARS / 1024 });
      else if (transfer.error?.code === 'PRESET_INVALID') {
        body = transfer.field ? t('presets.importBadField', { field: transfer.field }) : t('presets.importInvalid');
        // The engine's own words name the field and what it expects; shown as technical detail.
        detail = transfer.error.message;
      } else {
        title = t('presets.importFailed');
        body = transfer.error ? advice(transfer.error) : t('presets.importInvalid');
      }
      break;
  }
  return (
    <MessageBar intent={intent} layout="multiline" data-testid="preset-transfer" role={intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody>
        {title ? <MessageBarTitle>{title}</MessageBarTitle> : null}
        {body}
        {detail ? <span className={styles.detail}>{detail}</span> : null}
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={t('notice.dismiss')} icon={<Dismiss20Regular />} onClick={() => store.getState().dismissPresetTransfer()} />}
      />
    </MessageBar>
  );
}
