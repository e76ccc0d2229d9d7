/**
 * Set-up of the component project, run before each test file (vitest.config.mts `setupFiles`; the files
 * share one module graph and one jsdom per worker, so nothing here may be a one-off import side effect).
 * jsdom gaps the UI needs: layout sizes for the virtualizer, ResizeObserver, matchMedia.
 */
import { afterEach } from 'vitest';
import { shutdownFakeApis } from './fake-api';

// Each test's engine stops its watchers when the test ends: they would go on looking through later files.
afterEach(() => shutdownFakeApis());

// A file may ask for the node environment (// @vitest-environment node): it has no DOM to set up.
if (typeof document !== 'undefined') {
  const { cleanup, configure, getConfig, prettyDOM } = await import('@testing-library/react');
  afterEach(() => cleanup());

  configure({
    // jsdom's getComputedStyle walks every CSS rule (render.tsx keeps Fluent's down to the few that hide
    // something): the per-element visibility check of *ByRole would still add up. Nothing in these views
    // hides content with CSS.
    defaultHidden: true,
    asyncUtilTimeout: 3000,
    // findBy* and waitFor retry a failing getBy* until it passes, and the default error prints the whole
    // DOM into its message at once: hundreds of milliseconds per wait over the app's DOM. The same
    // message is written only when it is read, i.e. for the failure that is reported.
    getElementError(message, container) {
      const error = new Error();
      error.name = 'TestingLibraryElementError';
      let text: string | undefined;
      Object.defineProperty(error, 'message', {
        configurable: true,
        get: () => (text ??= [message, `Ignored nodes: comments, ${getConfig().defaultIgnore}\n${prettyDOM(container)}`].filter(Boolean).join('\n\n')),
        set: (value: string) => {
          text = value;
        },
      });
      return error;
    },
  });

  // jsdom does no layout; give scroll containers a size so the virtualizer renders rows. A short one:
  // 120 px shows 5 rows (plus the virtualizer's overscan of 12), enough for every test, and each row
  // rendered costs time in every re-render of a table.
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 120 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 120 });

  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  Element.prototype.scrollTo ??= function scrollTo() {};
}
