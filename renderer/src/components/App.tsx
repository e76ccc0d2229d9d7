/** The main window: toolbar, process list over handles, presets at the side, dialogs. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  FluentProvider,
  Input,
  Label,
  Select,
  Text,
  Toolbar,
  ToolbarDivider,
  Tooltip,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { ArrowClockwise20Regular, Beaker20Regular, LockOpen20Regular, Play20Regular, Save20Regular, Search20Regular } from '@fluentui/react-icons';
import type { GuardSpec, HandleRow, PresetView, ProcessRow } from '../../../core/model';
import { MAX_INSTANCES } from '../../../core/policy';
import { useApp, useAppStore } from '../context';
import { presetForProcess } from '../store';
import { LANGUAGES, rememberLanguage, type Language } from '../i18n';
import { saveTheme, savedTheme, useSystemDark, type ThemeChoice } from '../theme';
import { ProcessPane } from './ProcessPane';
import { HandlesPane } from './HandlesPane';
import { PresetsPanel } from './PresetsPanel';
import { CloseHandleDialog } from './CloseHandleDialog';
import { GuardPickerDialog } from './GuardPickerDialog';
import { PresetEditorDialog, type EditorSeed } from './PresetEditorDialog';
import { FindDialog } from './FindDialog';
import { CloseResultBar, ErrorNotice, LaunchPanel, ShortcutBar } from './Notices';
import { LearnDialog } from './LearnDialog';
import { LaunchConfirmDialog } from './LaunchConfirmDialog';
import { HelpMenu } from './HelpMenu';
import { InstancesButton } from './InstancesView';

const useStyles = makeStyles({
  root: { height: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1, fontFamily: tokens.fontFamilyBase },
  top: { display: 'flex', alignItems: 'center', gap: '6px', padding: '6px 10px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground1, flexWrap: 'wrap' },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, marginRight: '8px' },
  spacer: { flexGrow: 1 },
  field: { display: 'flex', alignItems: 'center', gap: '4px', margin: '0 4px 0 8px' },
  instances: { width: '72px' },
  notices: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '0 10px', marginTop: '6px' },
  main: { flexGrow: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 320px', gap: '10px', padding: '8px 10px 10px' },
  left: { display: 'grid', gridTemplateRows: 'minmax(0, 1fr) minmax(0, 1fr)', gap: '10px', minHeight: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Picker = { mode: 'unlock' | 'launch'; process: ProcessRow } | null;

/** Auto-refresh choices in seconds (0 = off). */
export const AUTO_REFRESH_CHOICES = [0, 2, 5, 10, 30];

/** The app shell. `initialTheme` lets tests pin it. */
export function App({ initialTheme }: { initialTheme?: ThemeChoice }) {
  const [theme, setTheme] = useState<ThemeChoice>(initialTheme ?? savedTheme());
  const systemDark = useSystemDark();
  const dark = theme === 'dark' || (theme === 'system' && systemDark);
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ background: 'transparent' }}>
      <Shell theme={theme} onTheme={(c) => { setTheme(c); saveTheme(c); }} />
    </FluentProvider>
  );
}

function Shell({ theme, onTheme }: { theme: ThemeChoice; onTheme: (c: ThemeChoice) => void }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const selected = useApp((s) => s.processes.find((p) => p.pid === s.selectedPid) ?? null);
  const presets = useApp((s) => s.presets);
  const instances = useApp((s) => s.instances);
  const autoRefreshSec = useApp((s) => s.autoRefreshSec);
  const launching = useApp((s) => s.launch?.busy ?? false);
  const [closing, setClosing] = useState<HandleRow | null>(null);
  const [picker, setPicker] = useState<Picker>(null);
  const [editor, setEditor] = useState<EditorSeed | null>(null);
  const [learning, setLearning] = useState<string | null>(null);
  const [instancesText, setInstancesText] = useState(String(instances));
  const preset = selected ? presetForProcess(presets, selected.name) : undefined;

  useEffect(() => setInstancesText(String(instances)), [instances]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  }, [i18n.language, t]);

  useEffect(() => {
    void store.getState().init();
  }, [store]);

  useEffect(() => {
    if (autoRefreshSec <= 0) return;
    const timer = setInterval(() => void store.getState().refreshProcesses(), autoRefreshSec * 1000);
    return () => clearInterval(timer);
  }, [autoRefreshSec, store]);

  const refresh = useCallback(() => {
    const s = store.getState();
    void s.refreshProcesses().then(() => s.refreshHandles());
    void s.loadPresets();
  }, [store]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F5') {
        e.preventDefault();
        refresh();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        store.getState().openFind(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [refresh, store]);

  const closeMutex = () => {
    if (!selected) return;
    if (preset) void store.getState().unlock({ preset: preset.id });
    else setPicker({ mode: 'unlock', process: selected });
  };
  const launch = () => {
    if (!selected) return;
    if (preset) void store.getState().launchInstances({ preset: preset.id, ...(selected.path ? { path: selected.path } : {}) });
    else if (selected.path) setPicker({ mode: 'launch', process: selected });
  };
  const onPicked = (guards: GuardSpec[]) => {
    if (!picker) return;
    const { mode, process } = picker;
    setPicker(null);
    if (mode === 'unlock') void store.getState().unlock({ exe: process.name, guards });
    else if (process.path) void store.getState().launchInstances({ path: process.path, guards });
  };
  const editPreset = (id: string) => {
    const p = store.getState().presets.find((x) => x.id === id);
    if (p) setEditor({ kind: 'preset', preset: p });
  };
  const onCloseHandle = useCallback((h: HandleRow) => setClosing(h), []);

  const noSelection = t('toolbar.selectFirst');
  const launchReason = !selected ? noSelection : !preset && !selected.path ? t('toolbar.noPath') : null;

  return (
    <div className={styles.root}>
      <header className={styles.top}>
        <Text className={styles.brand}>{t('app.title')}</Text>
        <Toolbar aria-label={t('app.title')} size="small">
          <Tooltip content={t('toolbar.refreshHint')} relationship="description">
            <Button appearance="subtle" icon={<ArrowClockwise20Regular />} onClick={refresh}>
              {t('toolbar.refresh')}
            </Button>
          </Tooltip>
          <div className={styles.field}>
            <Label htmlFor="auto-refresh" size="small">
              {t('toolbar.autoRefresh')}
            </Label>
            <Select id="auto-refresh" size="small" value={String(autoRefreshSec)} onChange={(_, d) => store.getState().setAutoRefresh(Number(d.value))}>
              {AUTO_REFRESH_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? t('toolbar.off') : t('toolbar.seconds', { n })}
                </option>
              ))}
            </Select>
          </div>
          <Tooltip content={t('toolbar.findHint')} relationship="description">
            <Button appearance="subtle" icon={<Search20Regular />} onClick={() => store.getState().openFind(true)}>
              {t('toolbar.find')}
            </Button>
          </Tooltip>
          <ToolbarDivider />
          <Tooltip content={selected ? t('toolbar.closeMutexHint') : noSelection} relationship="description">
            <Button appearance="primary" icon={<LockOpen20Regular />} disabledFocusable={!selected} onClick={closeMutex}>
              {t('toolbar.closeMutex')}
            </Button>
          </Tooltip>
          <div className={styles.field}>
            <Label htmlFor="instances" size="small">
              {t('toolbar.instances')}
            </Label>
            <Input
              id="instances"
              className={styles.instances}
              size="small"
              type="number"
              min={1}
              max={MAX_INSTANCES}
              value={instancesText}
              onChange={(_, d) => {
                setInstancesText(d.value);
                const n = Number.parseInt(d.value, 10);
                if (Number.isFinite(n) && n >= 1) store.getState().setInstances(n);
              }}
              onBlur={() => setInstancesText(String(store.getState().instances))}
            />
          </div>
          <Tooltip content={launchReason ?? t('toolbar.launchHint')} relationship="description">
            <Button appearance="primary" icon={<Play20Regular />} disabledFocusable={launchReason !== null || launching} onClick={launch}>
              {t('toolbar.launch')}
            </Button>
          </Tooltip>
          <Tooltip content={t('learn.openHint')} relationship="description">
            <Button appearance="subtle" icon={<Beaker20Regular />} onClick={() => setLearning(selected?.path ?? '')}>
              {t('learn.open')}
            </Button>
          </Tooltip>
          <Tooltip content={selected ? t('presets.saveAsHint') : noSelection} relationship="description">
            <Button
              appearance="subtle"
              icon={<Save20Regular />}
              disabledFocusable={!selected}
              onClick={() => selected && setEditor({ kind: 'process', process: selected, instances: store.getState().instances })}
            >
              {t('presets.saveAs')}
            </Button>
          </Tooltip>
        </Toolbar>
        <span className={styles.spacer} />
        <Select
          aria-label={t('toolbar.language')}
          size="small"
          value={i18n.language}
          onChange={(_, d) => {
            void i18n.changeLanguage(d.value);
            rememberLanguage(d.value as Language);
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </Select>
        <Select aria-label={t('toolbar.theme')} size="small" value={theme} onChange={(_, d) => onTheme(d.value as ThemeChoice)}>
          <option value="system">{t('toolbar.themeSystem')}</option>
          <option value="light">{t('toolbar.themeLight')}</option>
          <option value="dark">{t('toolbar.themeDark')}</option>
        </Select>
        <InstancesButton />
        <HelpMenu />
      </header>
      <div className={styles.notices}>
        <ErrorNotice onEditPreset={editPreset} onLearn={() => setLearning(selected?.path ?? '')} />
        <ShortcutBar />
        <CloseResultBar />
        <LaunchPanel />
      </div>
      <main className={styles.main}>
        <div className={styles.left}>
          <ProcessPane />
          <HandlesPane onClose={onCloseHandle} />
        </div>
        <PresetsPanel onEdit={(p: PresetView) => setEditor({ kind: 'preset', preset: p })} />
      </main>
      <CloseHandleDialog handle={closing} onDone={() => setClosing(null)} />
      {picker ? <GuardPickerDialog process={picker.process} mode={picker.mode} onConfirm={onPicked} onCancel={() => setPicker(null)} /> : null}
      {editor ? <PresetEditorDialog seed={editor} onDone={() => setEditor(null)} /> : null}
      <FindDialog />
      <LaunchConfirmDialog />
      {learning !== null ? (
        <LearnDialog
          initialPath={learning}
          onClose={() => setLearning(null)}
          onSaveAs={(r) => {
            setLearning(null);
            setEditor({ kind: 'learned', exe: r.exe, path: r.path, guards: r.guards, instances: store.getState().instances });
          }}
        />
      ) : null}
    </div>
  );
}
