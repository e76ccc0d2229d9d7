/** Find handles across all processes (Ctrl+F); a result selects its process. */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, Spinner, Text, makeStyles } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import type { HandleRow } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { HANDLE_TYPE_FILTERS, type HandleTypeFilter } from '../store';
import { VirtualTable, type Column } from './VirtualTable';
import { ErrorText } from './Notices';

const useStyles = makeStyles({
  form: { display: 'flex', gap: '8px', alignItems: 'flex-end', marginBottom: '8px' },
  results: { height: '340px', display: 'flex', flexDirection: 'column' },
});

/** The Find dialog. */
export function FindDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const find = useApp((s) => s.find);
  const [match, setMatch] = useState(find.match);
  const [type, setType] = useState<HandleTypeFilter>(find.type);
  const [selected, setSelected] = useState<string | null>(null);

  const goTo = (h: HandleRow) => {
    const s = store.getState();
    s.openFind(false);
    s.setProcessFilter('');
    void s.selectProcess(h.pid).then(() => s.selectHandle(`${h.pid}:${h.handle}`));
  };

  const columns = useMemo<Column<HandleRow>[]>(
    () => [
      { id: 'process', header: t('processes.name'), width: '140px', render: (h) => h.process },
      { id: 'pid', header: t('processes.pid'), width: '70px', align: 'end', render: (h) => h.pid },
      { id: 'type', header: t('handles.type'), width: '90px', render: (h) => h.type },
      { id: 'name', header: t('handles.name'), width: 'minmax(200px, 1fr)', title: (h) => h.name ?? undefined, render: (h) => h.name },
      { id: 'handle', header: t('handles.handle'), width: '80px', align: 'end', render: (h) => h.handle },
    ],
    [t],
  );

  if (!find.open) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void store.getState().runFind(match, type);
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && store.getState().openFind(false)}>
      <DialogSurface style={{ maxWidth: '860px', width: '90vw' }}>
        <DialogBody>
          <DialogTitle>{t('find.title')}</DialogTitle>
          <DialogContent>
            <form className={styles.form} onSubmit={submit} role="search">
              <Field label={t('find.match')} style={{ flexGrow: 1 }} hint={t('find.hint')}>
                <Input autoFocus value={match} onChange={(_, d) => setMatch(d.value)} contentBefore={<Search20Regular />} />
              </Field>
              <Field label={t('find.type')}>
                <Select value={type} onChange={(_, d) => setType(d.value as HandleTypeFilter)}>
                  {HANDLE_TYPE_FILTERS.map((f) => (
                    <option key={f} value={f}>
                      {f === 'All' ? t('handles.all') : f}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" appearance="primary" disabled={find.busy}>
                {t('find.search')}
              </Button>
            </form>
            {find.busy ? <Spinner size="tiny" /> : null}
            {find.error ? <ErrorText error={find.error} /> : null}
            {find.results ? (
              <>
                <Text size={200} role="status">{t('find.count', { count: find.results.length })}</Text>
                <div className={styles.results}>
                  <VirtualTable
                    label={t('find.results')}
                    columns={columns}
                    rows={find.results}
                    rowKey={(h) => `${h.pid}:${h.handle}`}
                    selectedKey={selected}
                    onSelect={(h) => setSelected(`${h.pid}:${h.handle}`)}
                    onActivate={goTo}
                  />
                </div>
              </>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button
              disabled={!selected}
              onClick={() => {
                const h = find.results?.find((r) => `${r.pid}:${r.handle}` === selected);
                if (h) goTo(h);
              }}
            >
              {t('find.goTo')}
            </Button>
            <Button onClick={() => store.getState().openFind(false)}>{t('find.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
