import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../cli/serve/server';

describe('HTTP status of an answer comes from its code, never from its words', () => {
  it('a usage error is 400 whatever its message says; other failures and successes are 200', () => {
    expect(httpStatusOf({ ok: false, error: { code: 'USAGE', message: 'the instance count must be a whole number from 1 to 64' } })).toBe(400);
    expect(httpStatusOf({ ok: false, error: { code: 'USAGE', message: 'invalid handles.close request: handle: a hex string', field: 'handle' } })).toBe(400);
    expect(httpStatusOf({ ok: false, error: { code: 'PRESET_UNSAFE', message: 'invalid path', field: 'path' } })).toBe(200);
    expect(httpStatusOf({ ok: false, error: { code: 'ACCESS_DENIED', message: 'invalid handle' } })).toBe(200);
    expect(httpStatusOf({ ok: true, value: [] })).toBe(200);
  });
});
