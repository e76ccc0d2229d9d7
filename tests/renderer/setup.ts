/** jsdom gaps the UI needs: layout sizes for the virtualizer, ResizeObserver, matchMedia. */
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

afterEach(() => cleanup());

// jsdom's getComputedStyle walks every CSS rule, and Fluent inserts thousands: the per-element
// visibility check of *ByRole then takes seconds. Nothing in these views hides content with CSS.
configure({ defaultHidden: true, asyncUtilTimeout: 3000 });

// jsdom does no layout; give scroll containers a size so the virtualizer renders rows.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });

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
