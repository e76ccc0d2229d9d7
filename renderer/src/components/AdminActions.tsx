/**
 * Administrator rights in the UI: "Restart as administrator" and what came of it (the host could not, the
 * prompt was declined, the helper failed, or the elevated copy runs as another account), and "Start
 * elevated" for an app that needs administrator rights.
 */
import { useReturningDialog } from './use-returning-dialog';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, Tooltip } from '@fluentui/react-components';
import { ShieldKeyhole20Regular } from '@fluentui/react-icons';
import type { EngineError, LaunchReport } from '../../../core/model';
import { useApp, useAppStore } from '../context';

/** What a restart attempt leaves the user to read: nothing (the app quits), how to do it by hand, why it failed, or that it runs as another account. */
export type RestartShown = null | 'help' | 'otherAccount' | { failed: EngineError };

/** The i18n key of why a restart failed, from the error code (the engine's English message is never shown). */
function failureKey(error: EngineError): string {
  switch (error.code) {
    case 'ACCESS_DENIED':
      return 'notice.restartDeclined';
    case 'EXE_NOT_FOUND':
      return 'notice.restartNotFound';
    default:
      return 'notice.restartStartFailed';
  }
}

/** One message about the restart, in a modal dialog (focus moves in, and back to the button on close). */
export function RestartResultDialog({ shown, onClose }: { shown: RestartShown; onClose: () => void }) {
  const { t } = useTranslation();
  if (shown === null) return null;
  const [title, body] =
    shown === 'help'
      ? [t('notice.adminTitle'), t('notice.adminHow')]
      : shown === 'otherAccount'
        ? [t('notice.otherAccountTitle'), t('notice.otherAccount')]
        : [t('notice.restartFailedTitle'), t(failureKey(shown.failed))];
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="restart-result">
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            <Text as="p">{body}</Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t('notice.ok')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Explains how to run elevated when the host cannot restart itself. */
export function AdminHelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return <RestartResultDialog shown={open ? 'help' : null} onClose={onClose} />;
}

/** Restart-as-administrator action: asks the host, then says what came of it unless Multiopen is quitting. */
export function RestartAdminButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const { shown, setShown, opener, close } = useReturningDialog<Exclude<RestartShown, null>>();
  const restart = async () => {
    const r = await store.getState().restartAsAdmin();
    if (r.ok) setShown(r.value.otherAccount ? 'otherAccount' : null);
    else setShown(r.error.code === 'UNSUPPORTED' ? 'help' : { failed: r.error });
  };
  return (
    <>
      <Button ref={opener} size="small" onClick={() => void restart()}>
        {t('notice.restartAdmin')}
      </Button>
      <RestartResultDialog shown={shown} onClose={close} />
    </>
  );
}

/** True when a launch stopped because the app needs administrator rights. */
export function needsElevatedStart(report: LaunchReport | null, error: EngineError | null): boolean {
  return error?.code === 'ELEVATION_REQUIRED' || (report?.failed.some((f) => f.code === 'ELEVATION_REQUIRED') ?? false);
}

/** "Start elevated": the same launch again through the Windows (UAC) prompt, on this click only. */
export function StartElevatedButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const busy = useApp((s) => s.launch?.busy ?? false);
  return (
    <Tooltip content={t('launch.startElevatedHint')} relationship="description">
      <Button size="small" icon={<ShieldKeyhole20Regular />} disabled={busy} onClick={() => void store.getState().relaunchElevated()}>
        {t('launch.startElevated')}
      </Button>
    </Tooltip>
  );
}
