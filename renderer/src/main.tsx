/** Renderer entry: picks the transport, builds the store, renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App';
import { StoreProvider } from './context';
import { createI18n, initialLanguage } from './i18n';
import { createAppStore } from './store';
import { pickApi } from './transport';

const root = document.getElementById('root')!;
const api = pickApi(window);
const storage = (() => {
  try {
    return localStorage;
  } catch {
    return null;
  }
})();
const i18n = createI18n(initialLanguage(storage, navigator.languages?.length ? navigator.languages : [navigator.language]));

if (!api) {
  // Opened without the desktop shell or the server's token: nothing to talk to.
  root.textContent = i18n.t('errors.USAGE') + ' (no ?token=)';
} else {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <StoreProvider store={createAppStore(api)}>
          <App />
        </StoreProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
