/** Built-in and saved presets: launch, close guards, edit, delete, auto-unlock, import and export. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Caption1,
  Card,
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Switch,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowDownload20Regular,
  ArrowUpload20Regular,
  Delete20Regular,
  Dismiss20Regular,
  Edit20Regular,
  LockOpen20Regular,
  MoreHorizontal20Regular,
  Pause20Regular,
  Play20Regular,
} from '@fluentui/react-icons';
import type { PresetView } from '../../../core/model';
import { MAX_PRESET_DOCUMENT_CHARS } from '../../../electron/shared/contract';
import { PRESETS_EXPORT_FILE, downloadText, readFileText } from '../files';
import { useAdvice } from './Notices';
import { ImportReviewDialog } from './ImportReviewDialog';
import { useApp, useAppStore } from '../context';

const useStyles = makeStyles({
  // Children keep their height: the panel scrolls instead of squeezing a message bar.
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: 0, overflowY: 'auto', paddingRight: '4px', '& > *': { flexShrink: 0 } },
  headRow: { display: 'flex', alignItems: 'center', gap: '2px' },
  head: { fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  card: { padding: '8px 10px', gap: '4px' },
  title: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  guards: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  launchOnly: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, fontStyle: 'italic' },
  details: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  actions: { display: 'flex', gap: '2px', flexWrap: 'wrap' },
  watch: { display: 'flex', alignItems: 'center', gap: '4px', flexWrap: 'wrap', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, marginTop: '-6px' },
  switchLabel: { fontSize: tokens.fontSizeBase200, paddingLeft: '2px' },
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

function PresetCard({ preset: p, running: n, onEdit }: { preset: PresetView; running: number; onEdit: (p: PresetView) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const busy = useApp((s) => s.launch?.busy ?? false);
  const instances = useApp((s) => s.instances);
  const keep = useApp((s) => s.watches[p.id]?.keep ?? null);
  const watching = useApp((s) => s.watches[p.id] !== undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const launchOnly = p.guards.length === 0 && p.strategy !== 'preclaim';
  const details = [p.versions ? t('presets.versions', { versions: p.versions }) : null, p.source ? t('presets.source', { source: p.source }) : null].filter(Boolean).join(' · ');

  return (
    <Card className={styles.card} size="small">
      <div className={styles.title}>
        <Text weight="semibold">{p.name}</Text>
        <Caption1>{p.exe}</Caption1>
        <Badge size="small" appearance="outline" color={p.origin === 'user' ? 'brand' : 'informative'}>
          {p.origin === 'user' ? t('presets.user') : t('presets.builtin')}
        </Badge>
        {p.strategy === 'preclaim' ? (
          <Tooltip content={t('presets.preclaimHint')} relationship="description">
            <Badge size="small" appearance="tint" color="brand" tabIndex={0}>
              {t('presets.preclaim')}
            </Badge>
          </Tooltip>
        ) : null}
        {p.confidence === 'low' ? (
          <Badge size="small" appearance="tint" color="warning">
            {t('presets.unverified')}
          </Badge>
        ) : null}
        {p.overridesBuiltin ? <Badge size="small" appearance="tint">{t('presets.overrides')}</Badge> : null}
        {p.untrusted ? (
          <Tooltip content={t('presets.unconfirmedHint')} relationship="description">
            <Badge size="small" appearance="tint" color="warning" tabIndex={0} data-testid="preset-unconfirmed">
              {t('presets.unconfirmed')}
            </Badge>
          </Tooltip>
        ) : null}
        {n > 0 ? (
          <Badge size="small" appearance="filled" color="success">
            {n} {t('presets.running')}
          </Badge>
        ) : null}
      </div>
      {launchOnly ? (
        <div className={styles.launchOnly} title={t('presets.launchOnlyHint')} data-testid="launch-only">
          {t('presets.launchOnly')}
        </div>
      ) : (
        <div className={styles.guards} title={t('presets.guards')}>
          {p.guards.map((g) => (
            <div key={`${g.type}:${g.name}`}>{`${g.type}:${g.name}`}</div>
          ))}
        </div>
      )}
      {details ? (
        <div className={styles.details} title={details} data-testid="preset-details">
          {details}
        </div>
      ) : null}
      <div className={styles.actions}>
        <Button size="small" appearance="subtle" icon={<Play20Regular />} aria-label={t('presets.launchNamed', { name: p.name })} disabled={busy} onClick={() => void store.getState().launchInstances({ preset: p.id })}>
          {t('presets.launch')}
        </Button>
        {launchOnly ? null : (
          <Button size="small" appearance="subtle" icon={<LockOpen20Regular />} aria-label={t('presets.unlockNamed', { name: p.name })} disabled={p.guards.length === 0} onClick={() => void store.getState().unlock({ preset: p.id })}>
            {t('presets.unlock')}
          </Button>
        )}
        <Tooltip content={t('presets.editNamed', { name: p.name })} relationship="label">
          <Button size="small" appearance="subtle" icon={<Edit20Regular />} onClick={() => onEdit(p)} />
        </Tooltip>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Tooltip content={t('shortcut.menu', { name: p.name })} relationship="label">
              <Button size="small" appearance="subtle" icon={<MoreHorizontal20Regular />} />
            </Tooltip>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem onClick={() => void store.getState().createShortcut(p.id, 'desktop')}>{t('shortcut.desktop', { n: instances })}</MenuItem>
              <MenuItem onClick={() => void store.getState().createShortcut(p.id, 'startup')}>{t('shortcut.startup', { n: instances })}</MenuItem>
              <MenuDivider />
              <MenuItem onClick={() => void store.getState().startWatch(p.id, instances)}>{t('presets.keep', { n: instances })}</MenuItem>
              {keep !== null ? (
                <MenuItem
                  onClick={() => {
                    const s = store.getState();
                    // A launch-only preset has nothing to unlock: without "keep" its watcher has no work left.
                    void (launchOnly ? s.stopWatch(p.id) : s.startWatch(p.id));
                  }}
                >
                  {t('presets.keepStop')}
                </MenuItem>
              ) : null}
            </MenuList>
          </MenuPopover>
        </Menu>
        {p.origin === 'user' ? (
          confirmDelete ? (
            <Button size="small" appearance="primary" onClick={() => void store.getState().removePreset(p.id).then(() => setConfirmDelete(false))}>
              {t('presets.deleteConfirm', { name: p.name })}
            </Button>
          ) : (
            <Tooltip content={t('presets.deleteNamed', { name: p.name })} relationship="label">
              <Button size="small" appearance="subtle" icon={<Delete20Regular />} onClick={() => setConfirmDelete(true)} />
            </Tooltip>
          )
        ) : null}
      </div>
      {launchOnly && !watching ? null : <WatchRow preset={p} />}
    </Card>
  );
}

function WatchRow({ preset }: { preset: PresetView }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const advice = useAdvice();
  const state = useApp((s) => s.watches[preset.id]);
  const [pending, setPending] = useState<boolean | null>(null);
  const parts = state
    ? [
        state.paused ? t('watch.paused') : t('watch.active', { closed: state.closedCount }),
        state.keep !== null ? t('watch.keeping', { running: state.running, keep: state.keep }) : t('watch.running', { running: state.running }),
        state.launchedCount > 0 ? t('watch.relaunched', { count: state.launchedCount }) : null,
      ].filter(Boolean)
    : [];
  return (
    <div className={styles.watch}>
      <Switch
        label={{ children: t('watch.toggle'), className: styles.switchLabel }}
        indicator={{ style: { fontSize: '16px' } }}
        aria-label={t('watch.toggleNamed', { name: preset.name })}
        title={t('watch.hint')}
        checked={pending ?? state !== undefined}
        onChange={(_, d) => {
          // Show the new position at once; stopping a watcher waits for its current pass to end.
          setPending(d.checked);
          const s = store.getState();
          void (d.checked ? s.startWatch(preset.id) : s.stopWatch(preset.id)).finally(() => setPending(null));
        }}
      />
      {state ? (
        <>
          <span data-testid="watch-state">{parts.join(' · ')}</span>
          <Button
            size="small"
            appearance="subtle"
            icon={state.paused ? <Play20Regular /> : <Pause20Regular />}
            aria-label={state.paused ? t('watch.resume') : t('watch.pause')}
            onClick={() => void store.getState().pauseWatch(preset.id, !state.paused)}
          />
          {state.lastFailure ? <span role="alert">{t('watch.failed', { reason: advice(state.lastFailure) })}</span> : null}
        </>
      ) : null}
    </div>
  );
}
