/**
 * The UI benchmark's floor: the least a page must do to show the same handle rows with the same name
 * filter: React and @tanstack/react-virtual as the app uses them (same row height, overscan and row
 * keys), plain elements and inline styles, no component library, no store. Rows come from /rows.json
 * (the engine's answer the app also gets); the table's size from ?w=&h= (the app's, measured).
 */
import { useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { HandleRow } from '../../core/model';

const ROW_HEIGHT = 28;
const GRID = '110px minmax(200px, 1fr) 90px 100px 44px';
const cell = { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 } as const;
const end = { ...cell, textAlign: 'end' } as const;

/** The same filter as the app's handle search: trimmed, case-insensitive "name contains". */
function filterRows(rows: readonly HandleRow[], search: string): readonly HandleRow[] {
  const q = search.trim().toLowerCase();
  return q ? rows.filter((h) => (h.name ?? '').toLowerCase().includes(q)) : rows;
}

function Floor({ rows, width, height }: { rows: readonly HandleRow[]; width: number; height: number }) {
  const [search, setSearch] = useState('');
  const shown = useMemo(() => filterRows(rows, search), [rows, search]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div style={{ width }}>
      <input type="search" aria-label="Search handle names" value={search} onChange={(e) => setSearch(e.target.value)} />
      <span>{`${shown.length} of ${rows.length} handles`}</span>
      <div role="table" aria-label="Handles" aria-rowcount={shown.length + 1}>
        <div role="rowgroup">
          <div role="row" style={{ display: 'grid', gridTemplateColumns: GRID, height: ROW_HEIGHT }}>
            {['Type', 'Name', 'Handle', 'Access', ''].map((h) => (
              <div role="columnheader" key={h} style={cell}>
                {h}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" ref={scrollRef} style={{ overflow: 'auto', height, position: 'relative' }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const h = shown[item.index]!;
              return (
                <div
                  role="row"
                  key={`${h.pid}:${h.handle}`}
                  data-index={item.index}
                  style={{ display: 'grid', gridTemplateColumns: GRID, position: 'absolute', left: 0, right: 0, top: item.start, height: ROW_HEIGHT, alignItems: 'center' }}
                >
                  <div role="cell" style={cell}>{h.type}</div>
                  <div role="cell" style={cell} title={h.name ?? undefined}>{h.name === null ? '(name unreadable)' : h.name === '' ? '(unnamed)' : h.name}</div>
                  <div role="cell" style={end}>{h.handle}</div>
                  <div role="cell" style={end}>{h.access}</div>
                  <div role="cell" style={cell}>
                    <button type="button" aria-label="Close handle" tabIndex={-1} disabled={h.protected}>
                      ×
                    </button>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

const params = new URLSearchParams(location.search);
void fetch('/rows.json')
  .then((r) => r.json() as Promise<HandleRow[]>)
  .then((rows) => {
    createRoot(document.getElementById('root')!).render(<Floor rows={rows} width={Number(params.get('w') ?? 1000)} height={Number(params.get('h') ?? 500)} />);
  });
