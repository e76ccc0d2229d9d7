/**
 * What a preset starts (exe, path, arguments, environment, data folder, where the exe is looked for),
 * shown the same way in the import review and before a first launch, and the words for a preset's
 * fields and for the ways a preset can break "a preset can only start its own app".
 */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { LaunchFacts, LocateSource, Preset } from '../../../core/model';

const useStyles = makeStyles({
  list: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: '12px', rowGap: '4px', margin: 0, fontSize: tokens.fontSizeBase200 },
  // Labels never wrap (a Chinese label split over two lines reads as two words); values wrap anywhere.
  label: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  value: { margin: 0, minWidth: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  chip: {
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    padding: '0 4px',
    borderRadius: tokens.borderRadiusSmall,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** What a preset starts, as the engine reviews it (the renderer's copy of core's `launchFacts`). */
export function factsOf(preset: Preset): LaunchFacts {
  return {
    exe: preset.exe,
    ...(preset.path !== undefined ? { path: preset.path } : {}),
    ...(preset.args?.length ? { args: preset.args } : {}),
    ...(preset.env && Object.keys(preset.env).length > 0 ? { env: preset.env } : {}),
    ...(preset.instanceDir !== undefined ? { instanceDir: preset.instanceDir } : {}),
    ...(preset.locate?.length ? { locate: preset.locate } : {}),
    ...(preset.needsElevation ? { needsElevation: true as const } : {}),
  };
}

/** One place the exe is looked for, in words. */
function locateText(source: LocateSource, t: TFunction): string {
  if (source.kind === 'path') return source.path;
  const view = source.view && source.view !== 'default' ? ` (${source.view}-bit)` : '';
  return `${t('facts.registryEntry', { key: `${source.hive}\\${source.key}`, value: source.value })}${view}`;
}

/** A field's value as lines of text, for the review's before → after. */
export function valueLines(field: string, value: unknown, t: TFunction): string[] {
  if (value === null || value === undefined) return [t('facts.none')];
  if ((field === 'guards' || field === 'preclaim') && Array.isArray(value)) {
    if (value.length === 0) return [t('facts.none')];
    return (value as { type: string; name: string; optional?: boolean }[]).map((g) => `${g.type}:${g.name}${g.optional ? ` (${t('facts.optional')})` : ''}`);
  }
  if (field === 'locate' && Array.isArray(value)) return (value as LocateSource[]).map((s) => locateText(s, t));
  if (field === 'env' && typeof value === 'object') return Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  if (Array.isArray(value)) return value.length === 0 ? [t('facts.none')] : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

const FIELD_NAMES = ['name', 'exe', 'path', 'args', 'env', 'instanceDir', 'locate', 'guards', 'strategy', 'preclaim', 'instances', 'needsElevation'];

/** A preset field's name in words ("guards" → "Objects to close"); unknown fields as written. */
export function fieldName(field: string, t: TFunction): string {
  return FIELD_NAMES.includes(field) ? t(`fields.${field}`) : field;
}

/** The field a problem names, in words: "presets[0].env.NODE_OPTIONS" → "Environment variable NODE_OPTIONS". */
export function fieldRef(field: string, t: TFunction): string {
  const own = field.replace(/^presets\[\d+\]\./, '');
  let m: RegExpExecArray | null;
  if (own === 'exe' || own === 'path' || own === 'instanceDir') return t(`fieldRef.${own}`);
  if ((m = /^locate\[(\d+)\]\.path$/.exec(own))) return t('fieldRef.locate', { n: Number(m[1]) + 1 });
  if ((m = /^args\[(\d+)\]$/.exec(own))) return t('fieldRef.arg', { n: Number(m[1]) + 1 });
  if ((m = /^env\.(.+)$/.exec(own))) return t('fieldRef.env', { name: m[1] });
  return fieldName(own, t);
}

const RULES = ['not-exe', 'interpreter', 'exe-mismatch', 'not-local', 'env-not-allowed', 'arg-not-allowed', 'bidi-control'];

/** Why a preset is refused, worded in the UI language from the problem's rule and field (never the engine's English). */
export function problemText(problem: { field: string; rule: string }, exe: string, t: TFunction): string {
  const rule = RULES.includes(problem.rule) ? problem.rule : 'other';
  return t(`rules.${rule}`, { field: fieldRef(problem.field, t), exe });
}

/** Where the exe comes from when the preset sets no path: its look-up entries, else a running copy. */
function foundFrom(facts: LaunchFacts, t: TFunction, language: string): string {
  const kinds = new Set((facts.locate ?? []).map((s) => s.kind));
  const where = [...(kinds.has('registry') ? [t('facts.registry')] : []), ...(kinds.has('path') ? [t('facts.defaultPaths')] : []), t('facts.runningCopy')];
  return t('facts.pathFound', { where: new Intl.ListFormat(language, { type: 'disjunction' }).format(where) });
}

/** The launch facts as a definition list; `givenPath` is the path a launch passes instead of the preset's own. */
export function LaunchFactsList({ facts, givenPath }: { facts: LaunchFacts; givenPath?: string }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const path = givenPath ?? facts.path;
  const row = (key: string, label: string, value: ReactNode) => (
    <div key={key} style={{ display: 'contents' }} data-fact={key}>
      <dt className={styles.label}>{label}</dt>
      <dd className={styles.value}>{value}</dd>
    </div>
  );
  const lines = (items: string[]) => items.map((line, i) => <div key={i} className={styles.code}>{line}</div>);
  return (
    <dl className={styles.list}>
      {row('exe', t('facts.exe'), <span className={styles.code}>{facts.exe}</span>)}
      {row(
        'path',
        t('facts.path'),
        path ? (
          <>
            <span className={styles.code}>{path}</span>
            {givenPath ? <span className={styles.muted}> ({t('facts.runningPath')})</span> : null}
          </>
        ) : (
          <span className={styles.muted}>{foundFrom(facts, t, i18n.language)}</span>
        ),
      )}
      {facts.args?.length
        ? row(
            'args',
            t('facts.args'),
            <span className={styles.chips}>
              {facts.args.map((a, i) => (
                <span key={i} className={styles.chip}>
                  {a}
                </span>
              ))}
            </span>,
          )
        : null}
      {facts.env ? row('env', t('facts.env'), lines(valueLines('env', facts.env, t))) : null}
      {facts.instanceDir !== undefined ? row('instanceDir', t('facts.instanceDir'), <span className={styles.code}>{facts.instanceDir}</span>) : null}
      {facts.locate?.length ? row('locate', t('facts.locate'), lines(valueLines('locate', facts.locate, t))) : null}
      {facts.needsElevation ? row('needsElevation', t('facts.needsElevation'), <span>{t('facts.asAdministrator')}</span>) : null}
    </dl>
  );
}
