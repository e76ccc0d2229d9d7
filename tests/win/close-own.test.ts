/**
 * The close suspends its target from the re-check to the close (a handle value cannot be reused in
 * between), but never the process it runs in: Multiopen's own engine is listed like any process, and
 * a user may close one of its handles. Suspended, it would never resume itself.
 */
import { describe, expect, it } from 'vitest';
import { useWinTestLifecycle } from './harness';
import { probe } from './native-probe';

useWinTestLifecycle();

describe('closing a handle of the engine\'s own process', () => {
  it('closes it and returns, instead of suspending itself for good', () => {
    const r = probe<{ closed: unknown; stillListed: boolean }>('close-own', [], 30_000);
    expect(r).toEqual({ closed: true, stillListed: false });
  });
});
