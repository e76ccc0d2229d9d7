import { describe, expect, it } from 'vitest';
import { MAX_PRESET_DOCUMENT_CHARS, parseRequest } from '../../../electron/shared/contract';
import { dispatchEngine } from '../../../electron/shared/dispatch';
import { createFakeEngine } from '../../e2e/fake-engine';

const noEmit = () => {};
const preset = { id: 'notepad', name: 'Notepad', exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] };

describe('presets.import / presets.export', () => {
  it('accepts an object document and refuses other shapes, oversized documents and extra fields', () => {
    expect(parseRequest('presets.import', { document: { schemaVersion: 1, presets: [] } }).ok).toBe(true);
    for (const bad of [{ document: [] }, { document: 'text' }, { document: null }, {}, { document: {}, extra: 1 }]) {
      const r = parseRequest('presets.import', bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
    const huge = parseRequest('presets.import', { document: { notes: 'x'.repeat(MAX_PRESET_DOCUMENT_CHARS) } });
    expect(!huge.ok && huge.error.message).toMatch(/document: at most 512 KiB/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(parseRequest('presets.import', { document: cyclic }).ok).toBe(false);
    expect(parseRequest('presets.export', { any: 1 }).ok).toBe(false);
  });

  it('round-trips through the engine; an invalid document names the bad field', async () => {
    const engine = createFakeEngine({ quick: true, startDelayMs: 1 });
    const saved = await dispatchEngine(engine, 'presets.import', { document: { schemaVersion: 1, presets: [preset] } }, noEmit);
    expect(saved).toMatchObject({ ok: true, value: { saved: ['notepad'], review: { refused: false } } });
    const unsafe = await dispatchEngine(engine, 'presets.review', { document: { ...preset, id: 'evil', path: 'C:\\Windows\\System32\\cmd.exe' } }, noEmit);
    expect(unsafe).toMatchObject({ ok: true, value: { refused: true, items: [{ id: 'evil', problems: [{ field: 'path' }] }] } });
    const replacing = await dispatchEngine(engine, 'presets.import', { document: { ...preset, name: 'Renamed' } }, noEmit);
    expect(replacing).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    expect(await dispatchEngine(engine, 'presets.import', { document: { ...preset, name: 'Renamed' }, confirmed: true }, noEmit)).toMatchObject({ ok: true });
    expect(parseRequest('presets.import', { document: {}, confirmed: 'yes' }).ok).toBe(false);
    const exported = await dispatchEngine(engine, 'presets.export', {}, noEmit);
    expect(exported).toEqual({ ok: true, value: { schemaVersion: 1, presets: [{ ...preset, name: 'Renamed' }] } });
    const bad = await dispatchEngine(engine, 'presets.import', { document: { schemaVersion: 1, presets: [{ ...preset, guards: [preset.guards[0], { type: 'Bogus', name: 'x' }] }] } }, noEmit);
    expect(!bad.ok && bad.error).toMatchObject({ code: 'PRESET_INVALID', message: expect.stringMatching(/^presets\[0\]\.guards\[1\]\.type: /) });
  });
});
