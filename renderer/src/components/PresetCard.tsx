/** One preset's card: what it closes, when it last worked, and its actions (launch, close guards, check, edit, delete, watch). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Caption1, Card, Menu, MenuDivider, MenuItem, MenuList, MenuPopover, MenuTrigger, Switch, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular, LockOpen20Regular, MoreHorizontal20Regular, Pause20Regular, Play20Regular, Stethoscope20Regular } from '@fluentui/react-icons';
import type { LastWorked, PresetView } from '../../../core/model';
import { useAdvice } from './Notices';
import { PresetCopies } from './PresetCopies';
import { useApp, useAppStore } from '../context';

const useStyles = makeStyles({
  card: { padding: '8px 10px', gap: '4px' },
  title: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  guards: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  launchOnly: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, fontStyle: 'italic' },
  details: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  actions: { display: 'flex', gap: '2px', flexWrap: 'wrap' },
  watch: { display: 'flex', alignItems: 'center', gap: '4px', flexWrap: 'wrap', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, marginTop: '-6px' },
  switchLabel: { fontSize: tokens.fontSizeBase200, paddingLeft: '2px' },
});

/** "Last worked with version X on DATE" (or checked), in the current language. */
export function useLastWorkedText() {
  const { t } = useTranslation();
  return (last: LastWorked) =>
    last.version === null ? t('check.lastWorkedNoVersion', { date: last.date }) : t(last.result === 'checked' ? 'check.lastChecked' : 'check.lastWorked', { version: last.version, date: last.date });
}

/** A preset's card. */
export function PresetCard({ preset: p, running: n, onEdit }: { preset: PresetView; running: number; onEdit: (p: PresetView) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const busy = useApp((s) => s.launch?.busy ?? false);
  const instances = useApp((s) => s.instances);
  const keep = useApp((s) => s.watches[p.id]?.keep ?? null);
  const watching = useApp((s) => s.watches[p.id] !== undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const checking = useApp((s) => s.check?.busy ?? false);
  const lastWorked = useLastWorkedText();
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
        {p.legacy ? (
          <Tooltip content={t('check.legacyHint')} relationship="description">
            <Badge size="small" appearance="tint" color="subtle" tabIndex={0} data-testid="preset-legacy">
              {t('check.legacy')}
            </Badge>
          </Tooltip>
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
      {p.lastWorked ? (
        <div className={styles.details} title={lastWorked(p.lastWorked)} data-testid="preset-last-worked">
          {lastWorked(p.lastWorked)}
        </div>
      ) : p.checkedVersion ? (
        // A fix saved from a check: the version it was checked against, until a launch records more.
        <div className={styles.details} data-testid="preset-last-worked">
          {t('check.checkedVersion', { version: p.checkedVersion })}
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
        <Tooltip content={t('check.buttonHint')} relationship="description">
          <Button size="small" appearance="subtle" icon={<Stethoscope20Regular />} aria-label={t('check.buttonNamed', { name: p.name })} disabled={checking} onClick={() => store.getState().openCheck(p.id)}>
            {t('check.button')}
          </Button>
        </Tooltip>
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
      <PresetCopies preset={p} />
      {launchOnly && !watching ? null : <WatchRow preset={p} />}
    </Card>
  );
}

/** The auto-unlock switch and what the watcher did. */
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
