/**
 * The review of a presets file before anything of it is saved: per preset what it starts, what it
 * replaces and how it differs, and why it is refused. A refused file can only be closed; otherwise Save
 * sends the import with the user's yes, and Cancel (or Escape) saves nothing.
 */
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import type { FieldChange, ImportReviewItem } from '../../../core/model';
import { useApp, useAppStore } from '../context';
import { LaunchFactsList, fieldName, problemText, valueLines } from './LaunchFacts';

const useStyles = makeStyles({
  // keep-all: Chinese breaks at punctuation and spaces, never inside a word; overflow-wrap only when nothing else fits.
  surface: { maxWidth: 'min(720px, calc(100vw - 24px))', wordBreak: 'keep-all', overflowWrap: 'anywhere' },
  // The content scrolls inside the dialog; focusable so the keyboard can scroll it (and Enter does not save at once).
  content: { display: 'flex', flexDirection: 'column', gap: '10px', outlineOffset: '2px' },
  items: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  item: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '8px 10px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  refusedItem: { border: `1px solid ${tokens.colorStatusDangerBorder1}` },
  head: { display: 'flex', alignItems: 'baseline', gap: '8px', flexWrap: 'wrap' },
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  replaces: { display: 'inline-flex', alignItems: 'center', gap: '4px', color: tokens.colorStatusWarningForeground3, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  problems: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: '2px', color: tokens.colorStatusDangerForeground1, fontSize: tokens.fontSizeBase200 },
  problem: { display: 'flex', gap: '4px', alignItems: 'flex-start', '& > svg': { flexShrink: 0, marginTop: '2px' } },
  caption: { textAlign: 'left', fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, paddingBottom: '2px' },
  changes: { width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', fontSize: tokens.fontSizeBase200, '& th, & td': { textAlign: 'left', verticalAlign: 'top', padding: '2px 6px 2px 0' } },
  changeHead: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, whiteSpace: 'nowrap' },
  fieldCell: { width: '9em', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  fieldName: { fontWeight: tokens.fontWeightRegular },
  before: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', color: tokens.colorNeutralForeground3 },
  after: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The import review dialog; shown while the store has an import under review. */
export function ImportReviewDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const pending = useApp((s) => s.importReview);
  const presets = useApp((s) => s.presets);
  if (!pending) return null;
  const { review, saving } = pending;
  const cancel = () => store.getState().cancelImport();
  const replacedName = (id: string) => presets.find((p) => p.id === id)?.name ?? id;

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && cancel()}>
      <DialogSurface className={styles.surface} data-testid="import-review">
        <DialogBody>
          <DialogTitle>{t('review.title')}</DialogTitle>
          <DialogContent className={styles.content} tabIndex={0} aria-label={t('review.items')}>
            {review.refused ? (
              <MessageBar intent="error" layout="multiline" data-testid="import-refused">
                <MessageBarBody>
                  <MessageBarTitle>{t('review.refusedTitle')}</MessageBarTitle>
                  {t('review.refused')}
                </MessageBarBody>
              </MessageBar>
            ) : (
              <Text as="p" style={{ margin: 0 }}>
                {t('review.intro')}
              </Text>
            )}
            <ul className={styles.items}>
              {review.items.map((item) => (
                <li key={item.id} data-testid={`review-${item.id}`}>
                  <ReviewItem item={item} replacedName={replacedName(item.id)} />
                </li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            {review.refused ? (
              <Button appearance="primary" onClick={cancel}>
                {t('review.close')}
              </Button>
            ) : (
              <>
                <Button appearance="primary" disabled={saving} onClick={() => void store.getState().saveReviewedImport()}>
                  {saving ? t('review.saving') : t('review.save')}
                </Button>
                <Button disabled={saving} onClick={cancel}>
                  {t('review.cancel')}
                </Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ReviewItem({ item, replacedName }: { item: ImportReviewItem; replacedName: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const refused = item.problems.length > 0;
  return (
    <section className={mergeClasses(styles.item, refused && styles.refusedItem)} aria-label={`${item.name} (${item.id})`}>
      <div className={styles.head}>
        <Text weight="semibold">{item.name}</Text>
        <span className={styles.id}>{item.id}</span>
        {item.replaces ? (
          <span className={styles.replaces} data-testid="review-replaces">
            <Warning16Filled aria-hidden />
            {item.replaces === 'builtin' ? t('review.replacesBuiltin', { name: replacedName }) : t('review.replacesUser', { name: replacedName })}
          </span>
        ) : (
          <Badge size="small" appearance="tint" color="informative">
            {t('review.isNew')}
          </Badge>
        )}
      </div>
      {refused ? (
        <ul className={styles.problems} aria-label={t('review.problems')} data-testid="review-problems">
          {item.problems.map((p, i) => (
            // The engine's English message stays available as a tooltip for support; the words shown are the UI's.
            <li key={i} className={styles.problem} title={p.message} data-rule={p.rule}>
              <ErrorCircle16Filled aria-hidden />
              <span>{problemText(p, item.facts.exe, t)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <LaunchFactsList facts={item.facts} />
      {item.replaces ? <Changes changes={item.changes} /> : null}
    </section>
  );
}

function Changes({ changes }: { changes: FieldChange[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (changes.length === 0) return <Text className={styles.muted}>{t('review.noChanges')}</Text>;
  const cell = (className: string, lines: string[]) => (
    <td className={className}>
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </td>
  );
  return (
    <table className={styles.changes} data-testid="review-changes">
      <caption className={styles.caption}>{t('review.changes')}</caption>
      <thead>
        <tr>
          <th className={mergeClasses(styles.changeHead, styles.fieldCell)}>{t('review.field')}</th>
          <th className={styles.changeHead}>{t('review.before')}</th>
          <th className={styles.changeHead}>{t('review.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-field={c.field}>
            <th scope="row" className={mergeClasses(styles.fieldCell, styles.fieldName)} title={c.field}>
              {fieldName(c.field, t)}
            </th>
            {cell(styles.before, valueLines(c.field, c.before, t))}
            {cell(styles.after, valueLines(c.field, c.after, t))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
