/** Confirmation before closing one handle; protected handles are refused with the reason. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components';
import type { HandleRow } from '../../../core/model';
import { useAppStore } from '../context';

/** Close-handle confirmation dialog; `handle` null means closed. */
export function CloseHandleDialog({ handle, onDone }: { handle: HandleRow | null; onDone: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  if (!handle) return null;
  const confirm = async () => {
    setBusy(true);
    await store.getState().closeHandle(handle.pid, handle.handle, { type: handle.type, name: handle.name });
    setBusy(false);
    onDone();
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onDone()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('close.title')}</DialogTitle>
          <DialogContent>
            <Text as="p">
              {t('close.body', { handle: handle.handle, type: handle.type, name: handle.name || t('handles.unnamed'), process: handle.process, pid: handle.pid })}
            </Text>
            {handle.protected ? (
              <Text as="p" weight="semibold" role="note">
                {t('close.protectedReason')}
              </Text>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={handle.protected || busy} onClick={() => void confirm()}>
              {t('close.confirm')}
            </Button>
            <Button onClick={onDone}>{t('close.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
