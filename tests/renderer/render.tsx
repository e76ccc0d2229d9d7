/**
 * Renders renderer views the way main.tsx does (i18n, store), over the fake API.
 *
 * Speed: jsdom's getComputedStyle matches every CSS rule in the document against the element, and
 * Testing Library calls it for every node it walks while computing accessible names (`*ByRole` with
 * `name`). Fluent's Griffel inserts close to a thousand rules, which made one such query take seconds.
 * jsdom does no layout, so the tests insert only the rules that hide something (`display: none`,
 * `visibility: hidden`): what is hidden stays hidden for accessible names, and the rest costs nothing.
 */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { FluentProvider, RendererProvider, createDOMRenderer, webLightTheme } from '@fluentui/react-components';
import { App } from '../../renderer/src/components/App';
import { StoreProvider } from '../../renderer/src/context';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { createAppStore, type AppStore } from '../../renderer/src/store';
import { DEMO_PIDS } from '../e2e/demo-world';
import { createFakeApi, type FakeApi } from './fake-api';

/** Rules that change what is hidden; every other rule only styles, which jsdom does not render. */
export const HIDING_RULE = /(?:^|[;{])\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!important\s*)?[;}]/;

const renderer = createDOMRenderer(document, { unstable_filterCSSRule: (css) => HIDING_RULE.test(css) });

/** Options of the render helpers. */
export interface RenderOptions {
  lang?: Language;
  api?: FakeApi;
  /** A store prepared by the test (e.g. with `ready`); made over `api` when absent. */
  store?: AppStore;
}

/** Renders `ui` inside the providers a view needs; `FluentProvider` as App has it, unless `ui` is App. */
export function renderView(ui: ReactElement, options: RenderOptions = {}) {
  const api = options.api ?? createFakeApi();
  const store = options.store ?? createAppStore(api);
  const i18n = createI18n(options.lang ?? 'en');
  const result = render(
    <RendererProvider renderer={renderer} targetDocument={document}>
      <I18nextProvider i18n={i18n}>
        <StoreProvider store={store}>{ui.type === App ? ui : <FluentProvider theme={webLightTheme}>{ui}</FluentProvider>}</StoreProvider>
      </I18nextProvider>
    </RendererProvider>,
  );
  return { ...result, api, store, i18n };
}

/** Renders the whole app (it loads processes and presets itself, as it does on start). */
export function renderApp(options: RenderOptions = {}) {
  return renderView(<App initialTheme="light" />, options);
}

/**
 * A store that has already loaded processes, presets and watchers, optionally with a process selected
 * (its handles loaded): for tests about what happens next, so they need not click through the start.
 */
export async function ready(options: { api?: FakeApi; select?: number } = {}) {
  const api = options.api ?? createFakeApi();
  const store = createAppStore(api);
  await store.getState().init();
  if (options.select !== undefined) await store.getState().selectProcess(options.select);
  return { api, store };
}

/** PIDs of the demo machine's processes. */
export const PID = DEMO_PIDS;
