/**
 * A virtualized, keyboard-driven ARIA table: only the visible rows exist in the DOM, so 100,000
 * handles scroll smoothly. Arrow keys move the selection, Enter activates, Delete asks to close.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { makeStyles, tokens, mergeClasses } from '@fluentui/react-components';
import { ArrowSortDown16Regular, ArrowSortUp16Regular } from '@fluentui/react-icons';

/** One column of a VirtualTable. */
export interface Column<Row> {
  id: string;
  header: string;
  /** CSS grid track, e.g. "120px" or "2fr". */
  width: string;
  render: (row: Row) => ReactNode;
  /** Text used for the cell's title tooltip. */
  title?: (row: Row) => string | undefined;
  sortable?: boolean;
  align?: 'start' | 'end';
  /** Extra class of this column's cells (a font, a colour), instead of an element inside each cell. */
  className?: string;
}

/** Props of VirtualTable. */
export interface VirtualTableProps<Row> {
  label: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  selectedKey: string | null;
  onSelect: (row: Row) => void;
  onActivate?: (row: Row) => void;
  onDelete?: (row: Row) => void;
  sort?: { id: string; dir: 'asc' | 'desc' };
  onSort?: (id: string) => void;
  empty?: ReactNode;
  rowHeight?: number;
  testId?: string;
}

const useStyles = makeStyles({
  table: { display: 'flex', flexDirection: 'column', minHeight: 0, flexGrow: 1, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1 },
  header: { display: 'grid', backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  th: { display: 'flex', alignItems: 'center', minWidth: 0, padding: '0 8px', height: '28px' },
  sortButton: { background: 'none', border: 'none', padding: 0, font: 'inherit', color: 'inherit', textAlign: 'inherit', cursor: 'pointer', display: 'flex', alignItems: 'center', gap: '4px', width: '100%', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  body: { overflow: 'auto', flexGrow: 1, minHeight: 0, position: 'relative' },
  // Size, layout and paint of the rows stay inside them and the sizer: a scroll that swaps every row
  // then lays out only the rows, not the page around the table.
  sizer: { position: 'relative', contain: 'strict' },
  row: { display: 'grid', position: 'absolute', left: 0, right: 0, contain: 'strict', alignItems: 'center', fontSize: tokens.fontSizeBase200, cursor: 'default', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover }, ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' } },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected, ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected } },
  td: { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  end: { textAlign: 'end', justifyContent: 'flex-end', fontVariantNumeric: 'tabular-nums' },
  empty: { padding: '16px', color: tokens.colorNeutralForeground3 },
});

/** What a row needs from the table; one object per table, so rows stay memoised across renders. */
interface RowActions<Row> {
  onSelect(row: Row): void;
  onActivate(row: Row): void;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>, index: number, row: Row): void;
}

/** Props of one rendered row. */
interface RowProps<Row> {
  row: Row;
  index: number;
  top: number;
  height: number;
  grid: string;
  columns: Column<Row>[];
  selected: boolean;
  tabbable: boolean;
  rowClass: string;
  cellClasses: string[];
  actions: { current: RowActions<Row> };
}

/**
 * One row. Memoised: a re-render of the table (a keystroke in a filter, a scroll step, a selection)
 * re-renders only the rows whose own props changed.
 */
function TableRowImpl<Row>({ row, index, top, height, grid, columns, selected, tabbable, rowClass, cellClasses, actions }: RowProps<Row>) {
  return (
    <div
      role="row"
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      className={rowClass}
      style={{ gridTemplateColumns: grid, top, height }}
      onClick={() => actions.current.onSelect(row)}
      onDoubleClick={() => actions.current.onActivate(row)}
      onKeyDown={(e) => actions.current.onKeyDown(e, index, row)}
    >
      {columns.map((c, i) => (
        <div role="cell" key={c.id} className={cellClasses[i]} title={c.title?.(row)}>
          {c.render(row)}
        </div>
      ))}
    </div>
  );
}
const TableRow = memo(TableRowImpl) as typeof TableRowImpl;

/** The virtualized table. */
export function VirtualTable<Row>(props: VirtualTableProps<Row>) {
  const { rows, columns, rowKey, selectedKey, onSelect, onActivate, onDelete } = props;
  const styles = useStyles();
  const rowHeight = props.rowHeight ?? 28;
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const grid = columns.map((c) => c.width).join(' ');
  // Scanning 100,000 rows for the selection costs milliseconds: not on every scroll step.
  const selectedIndex = useMemo(() => (selectedKey === null ? -1 : rows.findIndex((r) => rowKey(r) === selectedKey)), [rows, rowKey, selectedKey]);
  const tabIndexRow = selectedIndex >= 0 ? selectedIndex : 0;
  const cellClasses = useMemo(() => columns.map((c) => mergeClasses(styles.td, c.align === 'end' && styles.end, c.className)), [columns, styles]);
  const rowClass = mergeClasses(styles.row);
  const selectedRowClass = mergeClasses(styles.row, styles.selected);

  useEffect(() => {
    // Keyboard moves change the selection first; the row element exists only after the next render.
    if (!focusPending.current || selectedIndex < 0) return;
    // After a long jump the row appears only once the scroll has re-rendered the window: keep trying.
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${selectedIndex}"]`);
    if (!el) return;
    focusPending.current = false;
    el.focus({ preventScroll: true });
  });

  const move = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (target === undefined) return;
    focusPending.current = true;
    virtualizer.scrollToIndex(Math.max(0, Math.min(rows.length - 1, index)));
    onSelect(target);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number, row: Row) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 280) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      PageDown: () => move(index + page),
      PageUp: () => move(index - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => (onActivate ?? onSelect)(row),
      ' ': () => onSelect(row),
      Delete: () => onDelete?.(row),
    };
    const action = keys[e.key];
    if (!action || (e.key === 'Delete' && !onDelete)) return;
    e.preventDefault();
    action();
  };

  // Rows call the latest handlers through this one object, so new closures do not re-render them.
  const actions = useRef<RowActions<Row>>({ onSelect, onActivate: (r) => onActivate?.(r), onKeyDown });
  useLayoutEffect(() => {
    actions.current = { onSelect, onActivate: (r) => onActivate?.(r), onKeyDown };
  });

  return (
    <div role="table" aria-label={props.label} aria-rowcount={rows.length + 1} className={styles.table} data-testid={props.testId}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.header} style={{ gridTemplateColumns: grid }}>
          {columns.map((c) => {
            const sorted = props.sort?.id === c.id ? props.sort.dir : undefined;
            return (
              <div
                role="columnheader"
                key={c.id}
                className={mergeClasses(styles.th, c.align === 'end' && styles.end)}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : c.sortable ? 'none' : undefined}
              >
                {c.sortable && props.onSort ? (
                  <button type="button" className={mergeClasses(styles.sortButton, c.align === 'end' && styles.end)} onClick={() => props.onSort?.(c.id)}>
                    {c.header}
                    {sorted === 'asc' ? <ArrowSortUp16Regular /> : sorted === 'desc' ? <ArrowSortDown16Regular /> : null}
                  </button>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className={styles.body} role="rowgroup">
        {rows.length === 0 && props.empty ? <div className={styles.empty}>{props.empty}</div> : null}
        <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const key = rowKey(row);
            const selected = key === selectedKey;
            return (
              <TableRow
                key={key}
                row={row}
                index={item.index}
                top={item.start}
                height={rowHeight}
                grid={grid}
                columns={columns}
                selected={selected}
                tabbable={item.index === tabIndexRow}
                rowClass={selected ? selectedRowClass : rowClass}
                cellClasses={cellClasses}
                actions={actions}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
