import { describe, expect, it } from 'vitest';
import { indicesOfLabels, labelledTitle, labelOf, labelProblem, labelsSchema, withLabel } from '../../core/labels';
import { validatePreset } from '../../core/presets/schema';
import { factsHash } from '../../core/presets/trust';
import type { Preset } from '../../core/model';

const wechat: Preset = { id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }] };

describe('label text', () => {
  it.each([
    ['Work', null],
    ['家里', null],
    ['', null],
    [' Work', /spaces/],
    ['x'.repeat(41), /at most 40/],
    ['Work\u202Eexe', /text-direction/],
    ['Work\nFamily', /control/],
    ['Work,Family', /comma/],
  ])('%j', (text, problem) => {
    const found = labelProblem(text);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('labels of one preset must differ (case ignored); empty entries are gaps', () => {
    expect(labelsSchema.safeParse(['Work', '', 'Family']).success).toBe(true);
    const dup = labelsSchema.safeParse(['Work', 'work']);
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.path).toEqual([1]);
  });

  it('a preset with a bad label is refused, naming the field', () => {
    const refused = validatePreset({ ...wechat, labels: ['Work', 'Fa\u2066mily'] });
    expect(refused).toMatchObject({ ok: false, code: 'PRESET_INVALID', field: 'labels[1]' });
  });

  it('labels are not launch facts: labelling a preset never asks for its trust again', () => {
    expect(factsHash({ ...wechat, labels: ['Work', 'Family'] })).toBe(factsHash(wechat));
  });
});

describe('label lists', () => {
  it('labelOf reads copy N (1-based); "" is no label', () => {
    expect(labelOf(['Work', '', 'Family'], 1)).toBe('Work');
    expect(labelOf(['Work', '', 'Family'], 2)).toBeNull();
    expect(labelOf(['Work'], 5)).toBeNull();
  });

  it('withLabel fills gaps and drops trailing empty entries', () => {
    expect(withLabel(undefined, 3, 'Family')).toEqual(['', '', 'Family']);
    expect(withLabel(['', '', 'Family'], 3, null)).toEqual([]);
    expect(withLabel(['Work', 'Home'], 2, '')).toEqual(['Work']);
  });

  it('indicesOfLabels maps labels to indices, case ignored, and lists unknown ones', () => {
    expect(indicesOfLabels(['Work', 'Family', 'Shop'], ['shop', 'Work', 'Nope'])).toEqual({ indices: [3, 1], unknown: ['Nope'] });
  });
});

describe('labelledTitle', () => {
  it('appends the label, and leaves a title that has it alone', () => {
    expect(labelledTitle('WeChat', 'Work', null)).toBe('WeChat - Work');
    expect(labelledTitle('WeChat - Work', 'Work', null)).toBeNull();
    expect(labelledTitle('WeChat - Work', 'Work', 'Work')).toBeNull();
  });

  it('replaces the label it put there before instead of piling up', () => {
    expect(labelledTitle('WeChat - Work', 'Home', 'Work')).toBe('WeChat - Home');
  });

  it('a cleared label gives the app its own title back; a title it never labelled is left alone', () => {
    expect(labelledTitle('WeChat - Work', null, 'Work')).toBe('WeChat');
    expect(labelledTitle('WeChat - Work', null, null)).toBeNull();
  });
});
