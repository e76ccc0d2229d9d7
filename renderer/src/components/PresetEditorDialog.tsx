/** Create ("Save as preset" from a process) or edit a preset: exe, path, guards, instances. */
import { useEffect, useState } from 'react';
import { DEFAULT_INSTANCES, MAX_INSTANCES } from '../../../core/policy';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import { GUARD_TYPES, type GuardSpec, type GuardType, type Preset, type PresetView, type ProcessRow } from '../../../core/model';
import { useAppStore } from '../context';
import { guardChoices } from './GuardPickerDialog';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '10px 12px' },
  wide: { gridColumn: '1 / -1' },
  guardRow: { display: 'flex', gap: '6px', alignItems: 'center', marginBottom: '4px' },
  choices: { display: 'flex', flexDirection: 'column', maxHeight: '140px', overflowY: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '4px' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** What the editor starts from. */
export type EditorSeed =
  | { kind: 'process'; process: ProcessRow; instances: number }
  | { kind: 'preset'; preset: PresetView }
  | { kind: 'learned'; exe: string; path: string; guards: GuardSpec[]; instances: number };

const baseName = (exe: string) => exe.replace(/\.exe$/i, '');
/** A preset id derived from an exe name ("WeChat.exe" -> "wechat"). */
export const idFromExe = (exe: string) => baseName(exe).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64) || 'app';

/** The preset editor dialog. */
export function PresetEditorDialog({ seed, onDone }: { seed: EditorSeed; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const from = seed.kind === 'preset' ? seed.preset : null;
  const proc = seed.kind === 'process' ? seed.process : null;
  const learned = seed.kind === 'learned' ? seed : null;
  const seedExe = proc?.name ?? learned?.exe ?? '';
  const [id, setId] = useState(from?.id ?? idFromExe(seedExe));
  const [name, setName] = useState(from?.name ?? baseName(seedExe));
  const [exe, setExe] = useState(from?.exe ?? seedExe);
  const [path, setPath] = useState(from?.path ?? proc?.path ?? learned?.path ?? '');
  const [instances, setInstances] = useState(String(from?.instances ?? (seed.kind === 'preset' ? DEFAULT_INSTANCES : seed.instances)));
  const [args, setArgs] = useState((from?.args ?? []).join('\n'));
  const [notes, setNotes] = useState(from?.notes ?? '');
  const [guards, setGuards] = useState<GuardSpec[]>(from?.guards ?? learned?.guards ?? []);
  const [choices, setChoices] = useState<GuardSpec[]>([]);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!proc) return;
    let live = true;
    void store.getState().namedGuardHandles(proc.pid).then((rows) => {
      if (!live) return;
      const list = guardChoices(rows ?? []);
      setChoices(list);
      const mutants = list.filter((g) => g.type === 'Mutant');
      if (mutants.length === 1) setGuards((g) => (g.length === 0 ? [mutants[0]!] : g));
    });
    return () => {
      live = false;
    };
  }, [proc, store]);

  const has = (g: GuardSpec) => guards.some((x) => x.type === g.type && x.name === g.name);
  const toggle = (g: GuardSpec) => setGuards((cur) => (has(g) ? cur.filter((x) => !(x.type === g.type && x.name === g.name)) : [...cur, g]));
  const update = (i: number, patch: Partial<GuardSpec>) => setGuards((cur) => cur.map((g, j) => (j === i ? { ...g, ...patch } : g)));

  const save = async () => {
    const cleanGuards = guards.filter((g) => g.name.trim()).map((g) => ({ ...g, name: g.name.trim() }));
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(id) || !name.trim() || !exe.trim()) {
      setInvalid(true);
      return;
    }
    const n = Number.parseInt(instances, 10);
    const preset: Preset = {
      ...(from ? stripView(from) : {}),
      id,
      name: name.trim(),
      exe: exe.trim(),
      guards: cleanGuards,
      ...(path.trim() ? { path: path.trim() } : { path: undefined }),
      ...(Number.isFinite(n) && n >= 1 ? { instances: Math.min(MAX_INSTANCES, n) } : {}),
      ...(args.trim() ? { args: args.split('\n').map((a) => a.trim()).filter(Boolean) } : { args: undefined }),
      ...(notes.trim() ? { notes: notes.trim() } : { notes: undefined }),
    };
    setBusy(true);
    const saved = await store.getState().savePreset(dropUndefined(preset));
    setBusy(false);
    if (saved) onDone();
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onDone()}>
      <DialogSurface style={{ maxWidth: '680px' }}>
        <DialogBody>
          <DialogTitle>{from ? t('editor.titleEdit') : t('editor.titleNew')}</DialogTitle>
          <DialogContent>
            <div className={styles.form}>
              <Field label={t('editor.id')} hint={t('editor.idHint')} required>
                <Input value={id} onChange={(_, d) => setId(d.value.toLowerCase())} />
              </Field>
              <Field label={t('editor.name')} required>
                <Input value={name} onChange={(_, d) => setName(d.value)} />
              </Field>
              <Field label={t('editor.exe')} required>
                <Input value={exe} onChange={(_, d) => setExe(d.value)} />
              </Field>
              <Field label={t('editor.instances')}>
                <Input type="number" min={1} max={MAX_INSTANCES} value={instances} onChange={(_, d) => setInstances(d.value)} />
              </Field>
              <Field label={t('editor.path')} className={styles.wide}>
                <Input value={path} onChange={(_, d) => setPath(d.value)} />
              </Field>
              {choices.length > 0 ? (
                <Field label={t('editor.guardsFromProcess')} className={styles.wide}>
                  <div className={styles.choices}>
                    {choices.map((g) => (
                      <Checkbox key={`${g.type}:${g.name}`} label={`${g.type}  ${g.name}`} checked={has(g)} onChange={() => toggle(g)} />
                    ))}
                  </div>
                </Field>
              ) : null}
              <Field label={t('editor.guards')} className={styles.wide}>
                <div>
                  {guards.map((g, i) => (
                    <div className={styles.guardRow} key={i}>
                      <Select aria-label={t('editor.guardType')} value={g.type} onChange={(_, d) => update(i, { type: d.value as GuardType })}>
                        {GUARD_TYPES.map((ty) => (
                          <option key={ty}>{ty}</option>
                        ))}
                      </Select>
                      <Input aria-label={t('editor.guardName')} style={{ flexGrow: 1 }} value={g.name} onChange={(_, d) => update(i, { name: d.value })} />
                      <Button aria-label={t('editor.removeGuard')} icon={<Delete20Regular />} appearance="subtle" onClick={() => setGuards((cur) => cur.filter((_, j) => j !== i))} />
                    </div>
                  ))}
                  <Button icon={<Add20Regular />} size="small" onClick={() => setGuards((cur) => [...cur, { type: 'Mutant', name: '' }])}>
                    {t('editor.addGuard')}
                  </Button>
                </div>
              </Field>
              <Field label={t('editor.args')}>
                <Textarea value={args} onChange={(_, d) => setArgs(d.value)} resize="vertical" />
              </Field>
              <Field label={t('editor.notes')}>
                <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} resize="vertical" />
              </Field>
            </div>
            {invalid ? <Text className={styles.error} role="alert">{t('editor.invalid')}</Text> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy} onClick={() => void save()}>
              {t('editor.save')}
            </Button>
            <Button onClick={onDone}>{t('editor.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function stripView(p: PresetView): Preset {
  const { origin: _o, overridesBuiltin: _b, ...rest } = p;
  return rest;
}

function dropUndefined(p: Preset): Preset {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as Preset;
}
