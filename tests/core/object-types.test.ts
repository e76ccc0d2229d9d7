/** Type names people type for filters: Windows kernel types, their aliases, and the Linux guard kinds. */
import { describe, expect, it } from 'vitest';
import { COMMON_OBJECT_TYPES, resolveObjectType } from '../../core/object-types';

describe('resolveObjectType', () => {
  it.each([
    ['mutex', 'Mutant'],
    ['FileMapping', 'Section'],
    ['alpc', 'ALPC Port'],
    ['alpc port', 'ALPC Port'],
    // "Port" is the Linux kind (tcp/udp); the Windows kernel type keeps its full name.
    ['port', 'Port'],
    ['Port', 'Port'],
    ['lock', 'Lock'],
    ['PIDFILE', 'Pidfile'],
    ['socket', 'Socket'],
    ['dbus', 'DBus'],
    ['file', 'File'],
    ['  Event ', 'Event'],
    ['NoSuch', null],
    ['', null],
    ['flock', null],
  ])('%j is %j', (text, type) => {
    expect(resolveObjectType(text)).toBe(type);
  });

  it('lists the Linux kinds among the common types an error names', () => {
    expect(COMMON_OBJECT_TYPES).toEqual(expect.arrayContaining(['Mutant', 'File', 'Lock', 'Pidfile', 'Port', 'Socket', 'DBus']));
  });
});
