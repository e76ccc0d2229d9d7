import { describe, expect, it } from 'vitest';
import { buildShortcut, quoteArgument, readShortcut } from '../../core/shortcut';

describe('buildShortcut', () => {
  it('writes a shell link whose fields read back', () => {
    const bytes = buildShortcut({ target: 'C:\\Program Files\\Multiopen\\Multiopen.exe', args: ['--launch', 'wechat', '-n', '3'], description: 'Multiopen: WeChat x3', minimized: true });
    expect(bytes.readUInt32LE(0)).toBe(0x4c);
    expect(bytes.subarray(bytes.length - 4)).toEqual(Buffer.alloc(4));
    expect(readShortcut(bytes)).toEqual({
      target: 'C:\\Program Files\\Multiopen\\Multiopen.exe',
      workingDir: 'C:\\Program Files\\Multiopen',
      args: '--launch wechat -n 3',
      description: 'Multiopen: WeChat x3',
      minimized: true,
    });
  });

  it('keeps non-ASCII targets in the Unicode path', () => {
    const bytes = buildShortcut({ target: 'D:\\软件\\多开\\Multiopen.exe', args: [] });
    expect(readShortcut(bytes).target).toBe('D:\\软件\\多开\\Multiopen.exe');
  });
});

describe('quoteArgument', () => {
  it('quotes like CommandLineToArgvW expects', () => {
    expect(quoteArgument('plain')).toBe('plain');
    expect(quoteArgument('with space')).toBe('"with space"');
    expect(quoteArgument('')).toBe('""');
    expect(quoteArgument('a"b')).toBe('"a\\"b"');
    expect(quoteArgument('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
  });
});
