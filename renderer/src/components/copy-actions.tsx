/** Per-copy buttons (front, close, end), the confirmation before ending a copy, and the "still running after close" offer. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tooltip,
} from '@fluentui/react-components';
import { Dismiss16Regular, DismissCircle16Regular, Folder16Regular, WindowArrowUp16Regular } from '@fluentui/react-icons';
import type { InstanceRow } from '../../../core/model';
import { useApp, useAppStore } from '../context';

/** How a copy is named in words: its label, or its number. */
export function useCopyName(): (copy: Pick<InstanceRow, 'index' | 'label'>) => string {
  const { t } = useTranslation();
  return (copy) => (copy.label ? t('copies.copyNamed', { label: copy.label, index: copy.index }) : t('copies.copy', { index: copy.index }));
}

/** How long a copy has run ("12 min", "3 h 4 min", "3 d 2 h"), from its start time. */
export function useUptime(): (startedAt: string | null, now: number) => string {
  const { t } = useTranslation();
  return (startedAt, now) => {
    if (!startedAt) return '–';
    const minutes = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 60_000));
    const hours = Math.floor(minutes / 60);
    if (hours >= 48) return t('copies.days', { d: Math.floor(hours / 24), h: hours % 24 });
    return minutes < 60 ? t('copies.minutes', { n: minutes }) : t('copies.hours', { h: hours, m: minutes % 60 });
  };
}

/** Bring to front, close (WM_CLOSE), end (after a confirmation) and, where the preset gives it one, open its data folder. */
export function CopyActions({ copy, onResult }: { copy: InstanceRow; onResult?: (message: string | null) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const name = useCopyName()(copy);
  const [ending, setEnding] = useState(false);
  const front = async () => {
    const r = await store.getState().actOnCopy(copy, 'focus');
    if (r && !r.done) onResult?.(r.windows === 0 ? t('copies.noWindowToFront', { who: name }) : t('copies.frontFailed', { who: name }));
    else onResult?.(null);
  };
  const folder = async () => {
    const r = await store.getState().openCopyFolder(copy);
    // The browser mode cannot open it: it says where it is.
    onResult?.(r && !r.opened ? t('copies.folderAt', { folder: r.folder }) : null);
  };
  return (
    <>
      <Tooltip content={t('copies.front')} relationship="label">
        <Button size="small" appearance="subtle" icon={<WindowArrowUp16Regular />} onClick={() => void front()} />
      </Tooltip>
      <Tooltip content={t('copies.close')} relationship="label">
        <Button size="small" appearance="subtle" icon={<Dismiss16Regular />} onClick={() => void store.getState().actOnCopy(copy, 'close')} />
      </Tooltip>
      <Tooltip content={t('copies.end')} relationship="label">
        <Button size="small" appearance="subtle" icon={<DismissCircle16Regular />} onClick={() => setEnding(true)} />
      </Tooltip>
      {copy.dataDir ? (
        <Tooltip content={t('copies.folder')} relationship="label">
          <Button size="small" appearance="subtle" icon={<Folder16Regular />} onClick={() => void folder()} />
        </Tooltip>
      ) : null}
      {ending ? <EndConfirm name={name} onCancel={() => setEnding(false)} onEnd={() => void store.getState().actOnCopy(copy, 'end').finally(() => setEnding(false))} /> : null}
    </>
  );
}

/** "End copy X?": nothing is ended without the user seeing it first. */
function EndConfirm({ name, onEnd, onCancel }: { name: string; onEnd: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('copies.endConfirmTitle', { who: name })}</DialogTitle>
          <DialogContent>{t('copies.endConfirm')}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onEnd}>
              {t('copies.endNow')}
            </Button>
            <Button autoFocus onClick={onCancel}>
              {t('copies.keepRunning')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** After a close the app did not obey: offers to end the copy, or to keep it. */
export function StillRunningBar() {
  const { t } = useTranslation();
  const store = useAppStore();
  const still = useApp((s) => s.copyStillRunning);
  const name = useCopyName();
  if (!still) return null;
  const who = name(still);
  return (
    <MessageBar intent="warning" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('copies.stillRunningTitle', { who })}</MessageBarTitle>
        {t('copies.stillRunning')}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => void store.getState().actOnCopy({ ...still, label: still.label }, 'end')}>
          {t('copies.endNow')}
        </Button>
        <Button size="small" onClick={() => store.getState().dismissStillRunning()}>
          {t('copies.keepRunning')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
