/** The Linux guard kinds: how they are written (--guard and presets), checked, expanded and matched. */
import { describe, expect, it } from 'vitest';
import { formatGuardSpec, guardMatches, normalizeGuardType, parseGuardSpec } from '../../core/guards';
import { expandGuardPath, portKey } from '../../core/linux-guards';
import type { GuardSpec } from '../../core/model';
import { validatePreset } from '../../core/presets/schema';
import { LINUX_TYPES } from '../../native-bindings/linux';

const ENV = { HOME: '/home/ann', XDG_RUNTIME_DIR: '/run/user/1000', XDG_CONFIG_HOME: '/home/ann/cfg' };

describe('parsing Linux guards', () => {
  it.each([
    ['Lock:/tmp/myapp/app.lock', { type: 'Lock', name: '/tmp/myapp/app.lock' }],
    ['lock:~/.config/myapp/app.lock', { type: 'Lock', name: '~/.config/myapp/app.lock' }],
    ['Pidfile:$XDG_RUNTIME_DIR/myapp.pid', { type: 'Pidfile', name: '$XDG_RUNTIME_DIR/myapp.pid' }],
    ['pidfile:${XDG_STATE_HOME}/myapp/pid', { type: 'Pidfile', name: '${XDG_STATE_HOME}/myapp/pid' }],
    ['Port:tcp:8080', { type: 'Port', name: 'tcp:8080' }],
    ['port:UDP:05353', { type: 'Port', name: 'udp:5353' }],
    ['Port:tcp:65535', { type: 'Port', name: 'tcp:65535' }],
    ['Port:udp:1', { type: 'Port', name: 'udp:1' }],
    ['Socket:$XDG_RUNTIME_DIR/myapp/ctl.sock', { type: 'Socket', name: '$XDG_RUNTIME_DIR/myapp/ctl.sock' }],
    ['Socket:@myapp-single', { type: 'Socket', name: '@myapp-single' }],
    ['dbus:org.example.MyApp', { type: 'DBus', name: 'org.example.MyApp' }],
    ['DBus:com.tencent-x.we_chat2', { type: 'DBus', name: 'com.tencent-x.we_chat2' }],
    ['File:~/.config/myapp/lock.ini', { type: 'File', name: '~/.config/myapp/lock.ini' }],
  ])('%s', (text, spec) => {
    expect(parseGuardSpec(text)).toEqual(spec);
  });

  it.each([
    ['Port:tcp:0', /port 0 is out of range: a port is 1 to 65535/],
    ['Port:tcp:65536', /port 65536 is out of range/],
    ['Port:udp:123456', /out of range/],
    ['Port:8080', /not a port: write tcp:PORT or udp:PORT/],
    ['Port:sctp:80', /not a port/],
    ['Port:tcp:', /not a port/],
    ['Port:tcp:80x', /not a port/],
    ['Port:tcp:-1', /not a port/],
    ['Lock:', /empty name/],
    ['Lock:   ', /the name is empty/],
    ['Lock:app.lock', /a Lock guard needs at least a folder and a file name/],
    ['Lock:/app.lock', /at least a folder and a file name/],
    ['Pidfile:~', /at least a folder and a file name/],
    ['Pidfile:$XDG_RUNTIME_DIR', /at least a folder and a file name/],
    ['Pidfile:~bob/app.pid', /only "~" \(your home folder\) may start a path, not "~bob"/],
    ['Pidfile:$TMPDIR/myapp/app.pid', /a path may start with ~ or \$HOME, \$XDG_RUNTIME_DIR.*not "\$TMPDIR"/],
    ['Pidfile:$HOMEX/myapp/app.pid', /not "\$HOMEX"/],
    ['Pidfile:${HOME}x/myapp/app.pid', /not "\$\{HOME\}x"/],
    ['Socket:@', /an abstract socket needs a name after "@"/],
    ['Socket:ctl.sock', /a Socket guard needs at least a folder/],
    ['DBus:MyApp', /is not a D-Bus name/],
    ['DBus:org..example', /is not a D-Bus name/],
    ['DBus:org.2example.App', /is not a D-Bus name/],
    ['DBus:org.example.App.', /is not a D-Bus name/],
    ['DBus::1.42', /unique connection name/],
    [`DBus:org.${'a'.repeat(260)}`, /at most 255 characters/],
    ['Flock:/tmp/a/b', /is not one of .*Lock, Pidfile, Port, Socket, DBus/],
  ])('refuses %s', (text, message) => {
    const parsed = parseGuardSpec(text);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(message);
  });

  it('names every kind the Linux engine reports, and formats a port guard back as written', () => {
    expect(Object.keys(LINUX_TYPES).map(normalizeGuardType)).toEqual(Object.keys(LINUX_TYPES));
    expect(formatGuardSpec({ type: 'Port', name: 'tcp:8080' })).toBe('Port:tcp:8080');
    expect(['tcp:8080', 'TCP:8080', 'udp:007', 'tcp:0', 'tcp:65536', 'tcp 80', ' tcp:80 '].map(portKey)).toEqual(['tcp:8080', 'tcp:8080', 'udp:7', null, null, null, 'tcp:80']);
  });
});

describe('expanding guard paths', () => {
  it.each([
    ['~/.config/myapp/app.lock', ENV, '/home/ann/.config/myapp/app.lock'],
    ['~', ENV, '/home/ann'],
    ['$HOME/myapp/app.lock', ENV, '/home/ann/myapp/app.lock'],
    ['${HOME}/myapp/app.lock', { HOME: '/home/ann/' }, '/home/ann/myapp/app.lock'],
    ['$XDG_RUNTIME_DIR/myapp.pid', ENV, '/run/user/1000/myapp.pid'],
    ['$XDG_CONFIG_HOME/myapp/lock', ENV, '/home/ann/cfg/myapp/lock'],
    // Unset (or relative, which XDG says to ignore): the base directory defaults below $HOME.
    ['$XDG_CACHE_HOME/myapp/lock', ENV, '/home/ann/.cache/myapp/lock'],
    ['$XDG_STATE_HOME/myapp/pid', ENV, '/home/ann/.local/state/myapp/pid'],
    ['$XDG_DATA_HOME/myapp/pid', ENV, '/home/ann/.local/share/myapp/pid'],
    ['$XDG_CONFIG_HOME/myapp/lock', { HOME: '/home/ann', XDG_CONFIG_HOME: 'cfg' }, '/home/ann/.config/myapp/lock'],
    ['/tmp//myapp/app.lock/', ENV, '/tmp/myapp/app.lock'],
    ['myapp/app.lock', {}, 'myapp/app.lock'],
    // Nothing to expand with: no match rather than a guess.
    ['~/myapp/app.lock', {}, null],
    ['$XDG_RUNTIME_DIR/myapp.pid', { HOME: '/home/ann' }, null],
    ['$XDG_CONFIG_HOME/myapp/lock', { HOME: 'relative' }, null],
    ['$TMPDIR/myapp/lock', ENV, null],
  ])('%s in %j is %s', (name, env, expanded) => {
    expect(expandGuardPath(name, env)).toBe(expanded);
  });
});

describe('matching Linux guards', () => {
  const g = (type: GuardSpec['type'], name: string): GuardSpec => ({ type, name });
  it.each([
    // Paths: the whole path or a suffix that starts at a "/", case-sensitive.
    [g('Lock', '/tmp/myapp/app.lock'), 'Lock', '/tmp/myapp/app.lock', true],
    [g('Lock', 'myapp/app.lock'), 'Lock', '/tmp/myapp/app.lock', true],
    [g('Lock', 'myapp/app.lock'), 'Lock', '/tmp/notmyapp/app.lock', false],
    [g('Lock', 'myapp/app.lock'), 'Lock', '/tmp/MyApp/app.lock', false],
    [g('Lock', 'myapp/app.lock'), 'Lock', '/tmp/myapp/app.lock.bak', false],
    [g('Lock', '/myapp/app.lock'), 'Lock', '/tmp/myapp/app.lock', true],
    [g('Lock', '/tmp/myapp/app.lock'), 'File', '/tmp/myapp/app.lock', false],
    [g('Lock', '~/.config/myapp/app.lock'), 'Lock', '/home/ann/.config/myapp/app.lock', true],
    [g('Lock', '~/.config/myapp/app.lock'), 'Lock', '/home/bob/.config/myapp/app.lock', false],
    [g('Lock', '$XDG_CONFIG_HOME/myapp/app.lock'), 'Lock', '/home/ann/cfg/myapp/app.lock', true],
    [g('Lock', '$XDG_CONFIG_HOME/myapp/app.lock'), 'Lock', '/home/ann/.config/myapp/app.lock', false],
    [g('Pidfile', '$XDG_RUNTIME_DIR/myapp.pid'), 'Pidfile', '/run/user/1000/myapp.pid', true],
    [g('Pidfile', '$XDG_RUNTIME_DIR/myapp.pid'), 'Pidfile', '/run/user/1001/myapp.pid', false],
    [g('Pidfile', '${XDG_CACHE_HOME}/myapp/pid'), 'Pidfile', '/home/ann/.cache/myapp/pid', true],
    [g('Socket', '$XDG_RUNTIME_DIR/myapp/ctl.sock'), 'Socket', '/run/user/1000/myapp/ctl.sock', true],
    [g('Socket', 'myapp/ctl.sock'), 'Socket', '/run/user/1000/myapp/ctl.sock', true],
    // Abstract sockets: the whole name, never a path suffix.
    [g('Socket', '@myapp-single'), 'Socket', '@myapp-single', true],
    [g('Socket', '@myapp-single'), 'Socket', '@other-myapp-single', false],
    [g('Socket', '@single'), 'Socket', '@myapp/single', false],
    [g('Socket', 'myapp/single'), 'Socket', '@myapp/single', false],
    // Ports: protocol and number.
    [g('Port', 'tcp:8080'), 'Port', 'tcp:8080', true],
    [g('Port', 'TCP:08080'), 'Port', 'tcp:8080', true],
    [g('Port', 'tcp:8080'), 'Port', 'udp:8080', false],
    [g('Port', 'tcp:8080'), 'Port', 'tcp:18080', false],
    [g('Port', 'tcp:80'), 'Port', 'tcp:8080', false],
    [g('Port', 'tcp:8080'), 'ALPC Port', 'tcp:8080', false],
    // Bus names: exactly, case-sensitive.
    [g('DBus', 'org.example.MyApp'), 'DBus', 'org.example.MyApp', true],
    [g('DBus', 'org.example.MyApp'), 'DBus', 'org.example.myapp', false],
    [g('DBus', 'example.MyApp'), 'DBus', 'org.example.MyApp', false],
    [g('DBus', 'org.example.MyApp'), 'DBus', 'org.example.MyApp.Extra', false],
    // File guards on Linux paths: "/", case-sensitive, "~" expanded.
    [g('File', 'myapp/lock.ini'), 'File', '/home/ann/.config/myapp/lock.ini', true],
    [g('File', 'MyApp/lock.ini'), 'File', '/home/ann/.config/myapp/lock.ini', false],
    [g('File', '~/.config/myapp/lock.ini'), 'File', '/home/ann/.config/myapp/lock.ini', true],
    [g('File', 'y/lock.ini'), 'File', '/home/ann/.config/myapp/lock.ini', false],
  ])('%j against %s %s: %s', (guard, typeName, objectName, expected) => {
    expect(guardMatches(guard, typeName, objectName, ENV)).toBe(expected);
  });

  it('matches nothing with a "~" path when the environment has no home', () => {
    expect(guardMatches(g('Lock', '~/.config/myapp/app.lock'), 'Lock', '/home/ann/.config/myapp/app.lock')).toBe(false);
    expect(guardMatches(g('Lock', '~/.config/myapp/app.lock'), 'Lock', '/home/ann/.config/myapp/app.lock', { HOME: '/home/ann' })).toBe(true);
  });

  it('keeps Windows File guards as they were: backslashes, any case, a suffix at a backslash', () => {
    const file = g('File', 'xwechat/lock/lock.ini');
    expect(guardMatches(file, 'File', '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\XWeChat\\Lock\\LOCK.INI', ENV)).toBe(true);
    expect(guardMatches(g('File', 'xwechat\\lock\\lock.ini'), 'File', '\\Device\\HarddiskVolume3\\x\\XWeChat\\lock\\lock.ini')).toBe(true);
    expect(guardMatches(file, 'File', '\\Device\\HarddiskVolume3\\x\\notxwechat\\lock\\lock.ini')).toBe(false);
    // A Windows-style guard does not match a Linux path: "\" is an ordinary character in a Linux file name.
    expect(guardMatches(g('File', 'xwechat\\lock\\lock.ini'), 'File', '/home/ann/xwechat/lock/lock.ini', ENV)).toBe(false);
    expect(guardMatches(g('Mutant', 'Local\\MyApp'), 'Mutant', '\\Sessions\\1\\BaseNamedObjects\\MyApp', ENV)).toBe(true);
  });
});

describe('Linux guards in presets', () => {
  const preset = (guards: unknown[]) => ({ id: 'myapp', name: 'My App', exe: 'myapp.exe', guards });

  it('accepts every kind, well written', () => {
    const r = validatePreset(preset([
      { type: 'Lock', name: '~/.config/myapp/app.lock' },
      { type: 'Pidfile', name: '$XDG_RUNTIME_DIR/myapp/app.pid', optional: true },
      { type: 'Port', name: 'tcp:8080' },
      { type: 'Socket', name: '@myapp' },
      { type: 'DBus', name: 'org.example.MyApp' },
    ]));
    expect(r.ok).toBe(true);
  });

  it.each([
    [{ type: 'Port', name: 'tcp:70000' }, /out of range/],
    [{ type: 'Port', name: 'http:80' }, /not a port/],
    [{ type: 'Lock', name: 'app.lock' }, /needs at least a folder/],
    [{ type: 'Pidfile', name: '$TMPDIR/a/b.pid' }, /a path may start with/],
    [{ type: 'DBus', name: 'MyApp' }, /not a D-Bus name/],
    [{ type: 'Socket', name: '@' }, /needs a name after "@"/],
    [{ type: 'File', name: 'lock.ini' }, /a File guard needs at least a folder/],
  ])('refuses %j, naming the field', (guard, message) => {
    const r = validatePreset(preset([{ type: 'Mutant', name: 'M' }, guard]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('PRESET_INVALID');
    expect(r.field).toBe('guards[1].name');
    expect(r.message).toMatch(message);
  });
});
