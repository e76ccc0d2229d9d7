/** The process list: search, sortable columns, preset markers. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import type { ProcessRow } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { presetForProcess, visibleProcesses, type ProcessSortKey } from '../store';
import { VirtualTable, type Column } from './VirtualTable';

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: '6px', minHeight: 0, flexGrow: 1 },
  bar: { display: 'flex', alignItems: 'center', gap: '8px' },
  name: { display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0 },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Process list pane. */
export function ProcessPane() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const processes = useApp((s) => s.processes);
  const filter = useApp((s) => s.processFilter);
  const sort = useApp((s) => s.sort);
  const presets = useApp((s) => s.presets);
  const selectedPid = useApp((s) => s.selectedPid);
  const loadedAt = useApp((s) => s.processesLoadedAt);
  const autoRefreshSec = useApp((s) => s.autoRefreshSec);
  const rows = useMemo(() => visibleProcesses({ processes, processFilter: filter, sort }), [processes, filter, sort]);

  const columns = useMemo<Column<ProcessRow>[]>(
    () => [
      {
        id: 'name',
        header: t('processes.name'),
        width: 'minmax(160px, 1.2fr)',
        sortable: true,
        render: (p) => {
          const preset = presetForProcess(presets, p.name);
          return (
            <span className={styles.name}>
              <span className={styles.ellipsis}>{p.name}</span>
              {preset ? (
                <Badge size="small" appearance="tint" color="brand" title={t('processes.presetBadge', { name: preset.name })}>
                  {preset.name}
                </Badge>
              ) : null}
            </span>
          );
        },
      },
      { id: 'pid', header: t('processes.pid'), width: '80px', sortable: true, align: 'end', render: (p) => p.pid },
      {
        id: 'path',
        header: t('processes.path'),
        width: 'minmax(200px, 3fr)',
        sortable: true,
        title: (p) => p.path ?? undefined,
        render: (p) => (p.path === null ? <span className={styles.muted}>{t('processes.noPath')}</span> : p.path),
      },
      { id: 'handleCount', header: t('processes.handles'), width: '90px', sortable: true, align: 'end', render: (p) => p.handleCount.toLocaleString() },
    ],
    [t, presets, styles],
  );

  return (
    <section className={styles.pane} aria-label={t('processes.title')}>
      <div className={styles.bar}>
        <Input
          aria-label={t('processes.search')}
          placeholder={t('processes.search')}
          contentBefore={<Search20Regular />}
          value={filter}
          onChange={(_, d) => store.getState().setProcessFilter(d.value)}
          type="search"
        />
        <Text size={200} className={styles.muted}>
          {t('processes.count', { count: rows.length })}
          {loadedAt ? ` · ${t('toolbar.updated', { time: new Date(loadedAt).toLocaleTimeString(i18n.language) })}` : ''}
          {autoRefreshSec > 0 ? ` · ${t('toolbar.autoRefresh')} ${t('toolbar.seconds', { n: autoRefreshSec })}` : ''}
        </Text>
      </div>
      <VirtualTable
        label={t('processes.table')}
        testId="process-table"
        columns={columns}
        rows={rows}
        rowKey={(p) => String(p.pid)}
        selectedKey={selectedPid === null ? null : String(selectedPid)}
        onSelect={(p) => void store.getState().selectProcess(p.pid)}
        sort={{ id: sort.key, dir: sort.dir }}
        onSort={(id) => store.getState().setSort(id as ProcessSortKey)}
        empty={t('processes.empty')}
      />
    </section>
  );
}
