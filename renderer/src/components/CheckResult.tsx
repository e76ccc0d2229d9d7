/**
 * What a check found, worded for people: the status and its next step, the app version, the preset's
 * guards beside the proposed ones (what goes, what comes, what stays), the windows of an unexplained
 * refusal, and the restart that an access-denied check needs.
 */
import { useTranslation } from 'react-i18next';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { CheckedGuard, CheckStatus, GuardSpec } from '../../../core/model';
import type { CheckState } from '../store';
import { ErrorText, RestartAdminButton } from './Notices';

const useStyles = makeStyles({
  result: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '4px' },
  facts: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  diff: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, overflow: 'hidden' },
  head: { padding: '4px 8px', fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200, backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  cell: { padding: '3px 8px', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere', minHeight: '20px' },
  left: { borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1 },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1 },
  mark: { fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3, marginLeft: '6px', whiteSpace: 'nowrap' },
  list: { margin: 0, paddingLeft: '18px', fontSize: tokens.fontSizeBase200 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  notes: { margin: 0, paddingLeft: '18px', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

const INTENT: Record<CheckStatus, 'success' | 'warning' | 'error' | 'info'> = {
  ok: 'success',
  'guard-changed': 'warning',
  'no-guard-needed': 'info',
  unexplained: 'error',
  'access-denied': 'error',
};

/** The i18n key stem of each status (check.<stem>Title, <stem>Body, <stem>Next). */
const STEM: Record<CheckStatus, string> = {
  ok: 'ok',
  'guard-changed': 'changed',
  'no-guard-needed': 'noGuard',
  unexplained: 'unexplained',
  'access-denied': 'denied',
};

const same = (a: GuardSpec, b: GuardSpec) => a.type === b.type && a.name === b.name;
const guardText = (g: GuardSpec) => `${g.type}:${g.name}`;
// The sign of a removed or added guard is joined to it by a no-break space, so it never wraps alone.

/** One row of the side-by-side diff: a guard of the preset, of the proposal, or of both. */
export interface DiffRow {
  before: CheckedGuard | null;
  after: GuardSpec | null;
}

/** The preset's guards beside the proposed ones: kept guards share a row, removed ones have no "after", added ones no "before". */
export function guardDiff(before: readonly CheckedGuard[], after: readonly GuardSpec[]): DiffRow[] {
  const rows: DiffRow[] = before.map((g) => ({ before: g, after: after.find((a) => same(a, g)) ?? null }));
  for (const a of after) if (!before.some((g) => same(g, a))) rows.push({ before: null, after: a });
  return rows;
}

/** The result part of the Check dialog. */
export function CheckResult({ check }: { check: CheckState }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const report = check.report;
  if (!report) return null;
  const stem = STEM[report.status];
  const proposed = report.proposed;
  const showDiff = proposed !== null && (report.status === 'guard-changed' || report.status === 'no-guard-needed');
  const rows = showDiff ? guardDiff(report.expected, proposed.guards) : [];
  const optional = (g: GuardSpec) => (g.optional ? <span className={styles.mark}>{t('check.optional')}</span> : null);
  return (
    <div className={styles.result} data-testid="check-result" data-status={report.status}>
      <MessageBar intent={INTENT[report.status]} layout="multiline" role="status">
        <MessageBarBody>
          <MessageBarTitle>{t(`check.${stem}Title`)}</MessageBarTitle>
          {t(`check.${stem}Body`, { exe: report.exe })}
        </MessageBarBody>
      </MessageBar>
      <Text className={styles.facts} data-testid="check-version">
        {report.appVersion ? t('check.version', { exe: report.exe, version: report.appVersion }) : t('check.versionUnknown', { exe: report.exe })}
        {' · '}
        {t('check.trials', { count: report.trials, seconds: (report.durationMs / 1000).toFixed(1) })}
      </Text>
      {showDiff ? (
        <div className={styles.diff} role="table" aria-label={t('check.diff')} data-testid="check-diff">
          <div role="row" style={{ display: 'contents' }}>
            <div role="columnheader" className={mergeClasses(styles.head, styles.left)}>
              {t('check.before')}
            </div>
            <div role="columnheader" className={styles.head}>
              {t('check.after')}
            </div>
          </div>
          {rows.length === 0 ? (
            <div role="row" style={{ display: 'contents' }}>
              <div role="cell" className={mergeClasses(styles.cell, styles.left)}>
                {t('check.noGuards')}
              </div>
              <div role="cell" className={styles.cell}>
                {t('check.noGuards')}
              </div>
            </div>
          ) : null}
          {rows.map((r, i) => (
            <div role="row" style={{ display: 'contents' }} key={i}>
              <div role="cell" className={mergeClasses(styles.cell, styles.left, r.before && !r.after ? styles.removed : undefined)} data-change={r.before ? (r.after ? 'kept' : 'removed') : 'none'}>
                {r.before ? (
                  <>
                    {r.after ? '' : '−\u00a0'}
                    {guardText(r.before)}
                    {optional(r.before)}
                    <span className={styles.mark}>{r.before.held ? t('check.held') : t('check.notHeld')}</span>
                  </>
                ) : null}
              </div>
              <div role="cell" className={mergeClasses(styles.cell, r.after && !r.before ? styles.added : undefined)} data-change={r.after ? (r.before ? 'kept' : 'added') : 'none'}>
                {r.after ? (
                  <>
                    {r.before ? '' : '+\u00a0'}
                    {guardText(r.after)}
                    {optional(r.after)}
                  </>
                ) : r.before ? (
                  <span className={styles.mark}>{t('check.removed')}</span>
                ) : null}
              </div>
            </div>
          ))}
        </div>
      ) : null}
      {report.status === 'unexplained' ? (
        report.windows.length > 0 ? (
          <div>
            <Text size={200}>{t('check.windows')}</Text>
            <ul className={styles.list} aria-label={t('check.windowsLabel')} data-testid="check-windows">
              {report.windows.map((w, i) => (
                <li key={i}>
                  <span className={styles.mono}>{w.className}</span>
                  {w.title ? ` — “${w.title}”` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <Text size={200}>{t('check.noWindows')}</Text>
        )
      ) : null}
      <Text size={200} as="p" data-testid="check-next">
        {check.save === 'saved' ? t('check.saved') : t(`check.${stem}Next`)}
      </Text>
      {report.status === 'access-denied' ? (
        <div>
          <RestartAdminButton />
        </div>
      ) : null}
      {check.saveError ? <ErrorText error={check.saveError} /> : null}
      {report.notes.length > 0 ? (
        <div>
          <Text size={200}>{t('check.details')}</Text>
          <ul className={styles.notes}>
            {report.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
