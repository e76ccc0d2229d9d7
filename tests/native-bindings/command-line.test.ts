import { describe, expect, it } from 'vitest';
import { quoteWindowsArgument, windowsArguments } from '../../native-bindings/command-line';

describe('quoteWindowsArgument', () => {
  it('leaves plain words alone and quotes what CommandLineToArgvW would split or drop', () => {
    expect(quoteWindowsArgument('plain')).toBe('plain');
    expect(quoteWindowsArgument('with space')).toBe('"with space"');
    expect(quoteWindowsArgument('tab\there')).toBe('"tab\there"');
    expect(quoteWindowsArgument('')).toBe('""');
  });

  it('escapes quotes and doubles only the backslashes before a quote or the end', () => {
    expect(quoteWindowsArgument('a"b')).toBe('"a\\"b"');
    expect(quoteWindowsArgument('a "b"')).toBe('"a \\"b\\""');
    expect(quoteWindowsArgument('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(quoteWindowsArgument('x\\\\"y z')).toBe('"x\\\\\\\\\\"y z"');
    expect(quoteWindowsArgument('C:\\a b\\c')).toBe('"C:\\a b\\c"');
  });

  it('joins the arguments with single spaces', () => {
    expect(windowsArguments(['--launch', 'wechat', 'D:\\My Apps\\'])).toBe('--launch wechat "D:\\My Apps\\\\"');
    expect(windowsArguments([])).toBe('');
  });
});
