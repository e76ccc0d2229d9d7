/** Built-in and saved presets: launch, close guards, edit, delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Caption1, Card, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular, LockOpen20Regular, Play20Regular } from '@fluentui/react-icons';
import type { PresetView } from '../../../core/model';
import { useApp, useAppStore } from '../context';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: 0, overflowY: 'auto', paddingRight: '4px' },
  head: { fontWeight: tokens.fontWeightSemibold },
  card: { padding: '8px 10px', gap: '4px' },
  title: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  guards: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: '2px', flexWrap: 'wrap' },
});

/** Presets panel. */
export function PresetsPanel({ onEdit }: { onEdit: (p: PresetView) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const presets = useApp((s) => s.presets);
  const processes = useApp((s) => s.processes);
  const busy = useApp((s) => s.launch?.busy ?? false);
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
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
