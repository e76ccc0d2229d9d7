/** Built-in and saved presets: launch, close guards, edit, delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Caption1, Card, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Switch, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular, LockOpen20Regular, MoreHorizontal20Regular, Pause20Regular, Play20Regular } from '@fluentui/react-icons';
import type { PresetView, WatchState } from '../../../core/model';
import { useAdvice } from './Notices';
import { useApp, useAppStore } from '../context';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: 0, overflowY: 'auto', paddingRight: '4px' },
  head: { fontWeight: tokens.fontWeightSemibold },
  card: { padding: '8px 10px', gap: '4px' },
  title: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  guards: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: '2px', flexWrap: 'wrap' },
  watch: { display: 'flex', alignItems: 'center', gap: '4px', flexWrap: 'wrap', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, marginTop: '-6px' },
  switchLabel: { fontSize: tokens.fontSizeBase200, paddingLeft: '2px' },
});

/** Presets panel. */
export function PresetsPanel({ onEdit }: { onEdit: (p: PresetView) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const presets = useApp((s) => s.presets);
  const processes = useApp((s) => s.processes);
  const busy = useApp((s) => s.launch?.busy ?? false);
  const watches = useApp((s) => s.watches);
  const instances = useApp((s) => s.instances);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const running = (p: PresetView) => processes.filter((x) => x.name.toLowerCase() === p.exe.toLowerCase()).length;
  // Apps that run now first, then saved ones, then by name: the preset you want is usually at the top.
  const sorted = [...presets].sort(
    (a, b) => Number(running(b) > 0) - Number(running(a) > 0) || Number(b.origin === 'user') - Number(a.origin === 'user') || a.name.localeCompare(b.name),
  );

  return (
    <section className={styles.panel} aria-label={t('presets.title')}>
      <Text className={styles.head}>{t('presets.title')}</Text>
      {presets.length === 0 ? <Caption1>{t('presets.empty')}</Caption1> : null}
      <ul role="list" aria-label={t('presets.list')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '6px' }}>
        {sorted.map((p) => {
          const n = running(p);
          return (
            <li key={p.id} data-testid={`preset-${p.id}`}>
              <Card className={styles.card} size="small">
                <div className={styles.title}>
                  <Text weight="semibold">{p.name}</Text>
                  <Caption1>{p.exe}</Caption1>
                  <Badge size="small" appearance="outline" color={p.origin === 'user' ? 'brand' : 'informative'}>
                    {p.origin === 'user' ? t('presets.user') : t('presets.builtin')}
                  </Badge>
                  {p.confidence === 'low' ? (
                    <Badge size="small" appearance="tint" color="warning">
                      {t('presets.unverified')}
                    </Badge>
                  ) : null}
                  {p.overridesBuiltin ? <Badge size="small" appearance="tint">{t('presets.overrides')}</Badge> : null}
                  {n > 0 ? (
                    <Badge size="small" appearance="filled" color="success">
                      {n} {t('presets.running')}
                    </Badge>
                  ) : null}
                </div>
                <div className={styles.guards} title={t('presets.guards')}>
                  {p.guards.length === 0 ? '—' : p.guards.map((g) => <div key={`${g.type}:${g.name}`}>{`${g.type}:${g.name}`}</div>)}
                </div>
                <div className={styles.actions}>
                  <Button size="small" appearance="subtle" icon={<Play20Regular />} aria-label={t('presets.launchNamed', { name: p.name })} disabled={busy} onClick={() => void store.getState().launchInstances({ preset: p.id })}>
                    {t('presets.launch')}
                  </Button>
                  <Button size="small" appearance="subtle" icon={<LockOpen20Regular />} aria-label={t('presets.unlockNamed', { name: p.name })} disabled={p.guards.length === 0} onClick={() => void store.getState().unlock({ preset: p.id })}>
                    {t('presets.unlock')}
                  </Button>
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
                      </MenuList>
                    </MenuPopover>
                  </Menu>
                  {p.origin === 'user' ? (
                    confirmDelete === p.id ? (
                      <Button size="small" appearance="primary" onClick={() => void store.getState().removePreset(p.id).then(() => setConfirmDelete(null))}>
                        {t('presets.deleteConfirm', { name: p.name })}
                      </Button>
                    ) : (
                      <Tooltip content={t('presets.deleteNamed', { name: p.name })} relationship="label">
                        <Button size="small" appearance="subtle" icon={<Delete20Regular />} onClick={() => setConfirmDelete(p.id)} />
                      </Tooltip>
                    )
                  ) : null}
                </div>
                <WatchRow preset={p} state={watches[p.id]} />
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function WatchRow({ preset, state }: { preset: PresetView; state: WatchState | undefined }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const advice = useAdvice();
  const [pending, setPending] = useState<boolean | null>(null);
  if (preset.guards.length === 0 && !preset.preclaim?.length) return null;
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
          <span>{state.paused ? t('watch.paused') : t('watch.active', { closed: state.closedCount })}</span>
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
