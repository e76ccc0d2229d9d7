/** Handles of the selected process: type filter, name search, virtualized rows, close per row. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, Select, Spinner, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Dismiss20Regular, Search20Regular, ShieldKeyhole20Regular } from '@fluentui/react-icons';
import type { HandleRow } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { filterHandles, handleSearchKeys, HANDLE_TYPE_FILTERS, type HandleTypeFilter } from '../store';
import { VirtualTable, type Column } from './VirtualTable';

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: '6px', minHeight: 0, flexGrow: 1 },
  bar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  title: { fontWeight: tokens.fontWeightSemibold, marginRight: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  // A plain button styled as Fluent's small subtle icon button: a row is mounted on every scroll step,
  // and Fluent's Button costs more per mount than the whole rest of the row.
  close: {
    display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: '24px', height: '24px', padding: 0, border: 'none',
    borderRadius: tokens.borderRadiusMedium, backgroundColor: 'transparent', color: tokens.colorNeutralForeground2, cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground2Hover },
    ':active': { backgroundColor: tokens.colorSubtleBackgroundPressed, color: tokens.colorNeutralForeground2Pressed },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  closeDisabled: { color: tokens.colorNeutralForegroundDisabled, cursor: 'not-allowed', ':hover': { backgroundColor: 'transparent', color: tokens.colorNeutralForegroundDisabled }, ':active': { backgroundColor: 'transparent' } },
});

/** Lower-cased names, computed once per handle list, so a keystroke in the search does not lower-case 100,000 names again. */
/** Key of a handle row (pid + value: unique across processes). */
export const handleKey = (h: HandleRow) => `${h.pid}:${h.handle}`;

/** Handles pane. */
export function HandlesPane({ onClose }: { onClose: (h: HandleRow) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const handles = useApp((s) => s.handles);
  const handleType = useApp((s) => s.handleType);
  const handleSearch = useApp((s) => s.handleSearch);
  const busy = useApp((s) => s.handlesBusy);
  const selectedPid = useApp((s) => s.selectedPid);
  const proc = useApp((s) => s.processes.find((p) => p.pid === s.selectedPid));
  const keys = useMemo(() => handleSearchKeys(handles), [handles]);
  const rows = useMemo(() => filterHandles(handles, keys, handleType, handleSearch), [handles, keys, handleType, handleSearch]);

  const columns = useMemo<Column<HandleRow>[]>(() => {
    // Worded once per language, not once per row: rows are rendered on every scroll step.
    const words = { unreadable: t('handles.unreadable'), unnamed: t('handles.unnamed'), close: t('handles.close'), closeHint: t('handles.closeHint'), protectedReason: t('close.protectedReason') };
    const unreadable = <span className={styles.muted}>{words.unreadable}</span>;
    const unnamed = <span className={styles.muted}>{words.unnamed}</span>;
    const protectedClass = mergeClasses(styles.close, styles.closeDisabled);
    return [
      { id: 'type', header: t('handles.type'), width: '110px', render: (h) => h.type },
      {
        id: 'name',
        header: t('handles.name'),
        width: 'minmax(200px, 1fr)',
        title: (h) => h.name ?? undefined,
        render: (h) => (h.name === null ? unreadable : h.name === '' ? unnamed : h.name),
      },
      { id: 'handle', header: t('handles.handle'), width: '90px', align: 'end', className: styles.mono, render: (h) => h.handle },
      { id: 'access', header: t('handles.access'), width: '100px', align: 'end', className: styles.mono, render: (h) => h.access },
      {
        id: 'actions',
        header: '',
        width: '44px',
        render: (h) =>
          h.protected ? (
            <Tooltip content={words.protectedReason} relationship="description">
              <button type="button" className={protectedClass} aria-disabled="true" aria-label={words.close} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                <ShieldKeyhole20Regular />
              </button>
            </Tooltip>
          ) : (
            <button type="button" className={styles.close} aria-label={words.close} title={words.closeHint} tabIndex={-1} onClick={(e) => { e.stopPropagation(); onClose(h); }}>
              <Dismiss20Regular />
            </button>
          ),
      },
    ];
  }, [t, styles, onClose]);

  return (
    <section className={styles.pane} aria-label={t('handles.title')}>
      <div className={styles.bar}>
        <Text className={styles.title}>{proc ? t('handles.titleOf', { name: proc.name, pid: proc.pid }) : t('handles.title')}</Text>
        {busy ? <Spinner size="tiny" label={t('handles.loading')} /> : null}
        <Select aria-label={t('handles.typeFilter')} value={handleType} onChange={(_, d) => store.getState().setHandleType(d.value as HandleTypeFilter)}>
          {HANDLE_TYPE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f === 'All' ? t('handles.all') : f}
            </option>
          ))}
        </Select>
        <Input aria-label={t('handles.search')} placeholder={t('handles.search')} contentBefore={<Search20Regular />} value={handleSearch} type="search" onChange={(_, d) => store.getState().setHandleSearch(d.value)} />
        <Text size={200} className={styles.muted}>
          {t('handles.count', { shown: rows.length.toLocaleString(), total: handles.length.toLocaleString() })}
        </Text>
      </div>
      <HandleRows rows={rows} columns={columns} onClose={onClose} empty={selectedPid === null ? t('handles.none') : busy ? t('handles.loading') : t('handles.empty')} label={t('handles.table')} />
    </section>
  );
}

function HandleRows(props: { rows: HandleRow[]; columns: Column<HandleRow>[]; onClose: (h: HandleRow) => void; empty: string; label: string }) {
  const selected = useApp((s) => s.selectedHandle);
  const store = useAppStore();
  return (
    <VirtualTable
      label={props.label}
      testId="handle-table"
      columns={props.columns}
      rows={props.rows}
      rowKey={handleKey}
      selectedKey={selected}
      onSelect={(h) => store.getState().selectHandle(handleKey(h))}
      onActivate={(h) => store.getState().selectHandle(handleKey(h))}
      onDelete={(h) => props.onClose(h)}
      empty={props.empty}
    />
  );
}
