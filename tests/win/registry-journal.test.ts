/** A run killed half-way leaves no registry value changed: the next run undoes what the journal still lists. */
import { describe, expect, it } from 'vitest';
import { getRegistryValue, registryJournal, setRegistryValue, tempPath, undoRegistryChange, useWinTestLifecycle } from './harness';
import { readJournal, recordChange, replayJournal } from './registry-journal';

useWinTestLifecycle();

const KEY = 'HKCU\\Software\\MultiopenTest\\Journal';

describe('registry journal', () => {
  it('a change is written down before it is made and crossed out once undone', async () => {
    setRegistryValue(KEY, 'During', 'changed');
    expect(readJournal(registryJournal).some((c) => c.key === KEY && c.name === 'During' && c.previous === null)).toBe(true);
    expect(getRegistryValue(KEY, 'During')).toBe('changed');
  });

  it('the previous test restored its value and left no entry behind', () => {
    expect(getRegistryValue(KEY, 'During')).toBeNull();
    expect(readJournal(registryJournal).some((c) => c.key === KEY)).toBe(false);
  });

  it('the changes of a killed run are undone by the next, newest first, so the first state comes back', () => {
    const journal = tempPath('journal.json');
    // What a run killed after two changes of one value leaves behind: the value changed, the journal full.
    setRegistryValue(KEY, 'Killed', 'original');
    recordChange(journal, { id: 'a', key: KEY, name: 'Killed', previous: 'original' });
    recordChange(journal, { id: 'b', key: KEY, name: 'Killed', previous: 'second' });
    undoRegistryChange({ key: KEY, name: 'Killed', previous: 'third' });
    expect(getRegistryValue(KEY, 'Killed')).toBe('third');
    expect(replayJournal(journal, undoRegistryChange)).toEqual([]);
    expect(getRegistryValue(KEY, 'Killed')).toBe('original');
    expect(readJournal(journal)).toEqual([]);
  });
});
