import { describe, expect, it } from 'vitest';
import { baseName, guardMatches, normalizeGuardType, parseGuardSpec } from '../../core/guards';

describe('parseGuardSpec', () => {
  it('parses TYPE:NAME and keeps colons inside the name', () => {
    expect(parseGuardSpec('Mutant:_WeChat_App_Instance_Identity_Mutex_Name')).toEqual({ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' });
    expect(parseGuardSpec('mutex:a:b')).toEqual({ type: 'Mutant', name: 'a:b' });
    expect(parseGuardSpec('File:lock\\lock.ini')).toEqual({ type: 'File', name: 'lock\\lock.ini' });
  });
  it('explains what is wrong', () => {
    expect(parseGuardSpec('NoColon')).toMatch(/TYPE:NAME/);
    expect(parseGuardSpec('Window:x')).toMatch(/not one of Mutant, Event/);
    expect(parseGuardSpec('Event:')).toMatch(/empty name/);
    // A bare file name would match every program's file of that name.
    expect(parseGuardSpec('File:lock.ini')).toMatch(/at least a folder and a file name/);
  });
  it('knows the kernel spelling of a mutex', () => {
    expect(normalizeGuardType('MUTEX')).toBe('Mutant');
    expect(normalizeGuardType('Desktop')).toBeNull();
  });
});

describe('guardMatches', () => {
  const wechat = { type: 'Mutant' as const, name: '_WeChat_App_Instance_Identity_Mutex_Name' };
  it('matches the part after the last backslash in any session', () => {
    expect(guardMatches(wechat, 'Mutant', '\\Sessions\\1\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name')).toBe(true);
    expect(guardMatches(wechat, 'Mutant', '\\Sessions\\2\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name')).toBe(true);
    expect(guardMatches(wechat, 'Mutant', '\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name')).toBe(true);
  });
  it('is case-sensitive and exact like the object namespace, and checks the type', () => {
    expect(guardMatches(wechat, 'Mutant', '\\BaseNamedObjects\\_wechat_app_instance_identity_mutex_name')).toBe(false);
    expect(guardMatches(wechat, 'Mutant', '\\BaseNamedObjects\\x_WeChat_App_Instance_Identity_Mutex_Name')).toBe(false);
    expect(guardMatches(wechat, 'Event', '\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name')).toBe(false);
    expect(guardMatches(wechat, 'Mutant', '')).toBe(false);
  });
  it('treats Global\\ and Local\\ prefixes of a guard name as namespace, not name', () => {
    expect(guardMatches({ type: 'Mutant', name: 'Global\\PoERunMutexA' }, 'Mutant', '\\BaseNamedObjects\\PoERunMutexA')).toBe(true);
  });
  it('matches files by path suffix at a separator, ignoring case', () => {
    const lock = { type: 'File' as const, name: 'Tencent/xwechat/lock/lock.ini' };
    expect(guardMatches(lock, 'File', '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\LOCK\\lock.ini')).toBe(true);
    expect(guardMatches(lock, 'File', '\\Device\\HarddiskVolume3\\X\\NotTencent\\xwechat\\lock\\lock.ini')).toBe(false);
  });
  it('baseName takes the last segment', () => {
    expect(baseName('\\a\\b\\c')).toBe('c');
    expect(baseName('plain')).toBe('plain');
  });
});
