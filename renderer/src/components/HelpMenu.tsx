/**
 * The header's help menu: "Open log folder". The desktop app opens the folder in Explorer; a browser
 * page cannot, so the host answers where the folder is and the dialog shows the path to copy.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Input, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Text } from '@fluentui/react-components';
import { FolderOpen20Regular, QuestionCircle20Regular } from '@fluentui/react-icons';
import { useAppStore } from '../context';
import { useReturningDialog } from './use-returning-dialog';

/** What the dialog shows: nothing, the folder's path (browser mode), or that it could not be opened. */
type Shown = null | { folder: string } | { failed: true };

/** The help menu button and the dialog its "Open log folder" may open. */
export function HelpMenu() {
  const { t } = useTranslation();
  const store = useAppStore();
  const pathRef = useRef<HTMLInputElement>(null);
  // The menu item that opened the dialog is gone by then: focus goes back to the Help button.
  const { shown, setShown, opener: menuButton, close } = useReturningDialog<Exclude<Shown, null>>();
  const openLogs = async () => {
    const r = await store.getState().openLogFolder();
    if (!r.ok) setShown({ failed: true });
    else if (!r.value.opened) setShown({ folder: r.value.folder });
  };
  return (
    <>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button ref={menuButton} appearance="subtle" size="small" icon={<QuestionCircle20Regular />}>
            {t('help.menu')}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem icon={<FolderOpen20Regular />} onClick={() => void openLogs()}>
              {t('help.openLogs')}
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      {shown && (
        <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && close()}>
          <DialogSurface data-testid="log-folder">
            <DialogBody>
              <DialogTitle>{t('help.logsTitle')}</DialogTitle>
              <DialogContent>
                {'folder' in shown ? (
                  <>
                    <Text as="p">{t('help.logsWhere')}</Text>
                    {/* Read-only and selected on focus, so the path is one Ctrl+C away. */}
                    <Input ref={pathRef} readOnly value={shown.folder} aria-label={t('help.logsTitle')} style={{ width: '100%' }} onFocus={() => pathRef.current?.select()} />
                  </>
                ) : (
                  <Text as="p">{t('help.logsFailed')}</Text>
                )}
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={close}>
                  {t('notice.ok')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </>
  );
}
