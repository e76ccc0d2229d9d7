/**
 * The question before the first launch of an untrusted preset (imported or edited): what it starts,
 * and Launch or Cancel. Only Launch sends the launch, with the user's yes; Cancel starts nothing.
 */
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApp, useAppStore } from '../context';
import { LaunchFactsList, factsOf } from './LaunchFacts';

const useStyles = makeStyles({
  // keep-all: Chinese breaks at punctuation and spaces, never inside a word; overflow-wrap only when nothing else fits.
  surface: { maxWidth: 'min(600px, calc(100vw - 24px))', wordBreak: 'keep-all', overflowWrap: 'anywhere' },
  content: { display: 'flex', flexDirection: 'column', gap: '10px', outlineOffset: '2px' },
  facts: { padding: '8px 10px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  subhead: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200, marginBottom: '4px', display: 'block' },
});

/** The first-launch confirmation; shown while the store has a launch waiting for the user's yes. */
export function LaunchConfirmDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const store = useAppStore();
  const asked = useApp((s) => s.launchConfirmation);
  if (!asked) return null;
  const cancel = () => store.getState().cancelLaunch();
  const { preset } = asked;
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && cancel()}>
      <DialogSurface className={styles.surface} data-testid="launch-confirm">
        <DialogBody>
          <DialogTitle>{t('confirm.title', { name: preset.name })}</DialogTitle>
          {/* Focusable: the dialog opens on what it starts, not on Launch, so Enter does not launch unread. */}
          <DialogContent className={styles.content} tabIndex={0} aria-label={t('confirm.facts')}>
            <Text as="p" style={{ margin: 0 }}>
              {t('confirm.body')}
            </Text>
            <div className={styles.facts}>
              <Text className={styles.subhead}>{t('confirm.facts')}</Text>
              <LaunchFactsList facts={factsOf(preset)} {...(asked.path ? { givenPath: asked.path } : {})} />
            </div>
            {asked.keep !== null ? <Text as="p" style={{ margin: 0 }}>{t('confirm.keep', { n: asked.keep })}</Text> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void store.getState().confirmLaunch()}>
              {t('confirm.launch')}
            </Button>
            <Button onClick={cancel}>{t('confirm.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
