/** Text tables line up in a terminal: columns are padded by display width, where CJK takes two columns. */
import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable } from '../../cli/output';

describe('displayWidth', () => {
  it('counts CJK ideographs, kana, Hangul and fullwidth forms as two columns, Latin as one', () => {
    expect(displayWidth('WeChat.exe')).toBe(10);
    expect(displayWidth('企业微信.exe')).toBe(12);
    expect(displayWidth('、。《》：（）')).toBe(14);
    expect(displayWidth('カナ한국ＡＢ')).toBe(12);
  });

  it('counts ideographs beyond the first plane (Extension B) as two columns', () => {
    expect(displayWidth('𠮷野家')).toBe(6);
    expect(displayWidth('𪚥')).toBe(2);
  });

  it('gives combining marks and zero-width characters no column, and emoji two', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
  });
});

describe('formatTable', () => {
  it('aligns the columns after Chinese names', () => {
    const table = formatTable(['PID', 'NAME', 'PATH'], [['1', '微信', 'a'], ['22', '𠮷野家', 'b'], ['333', 'WeChat', 'c']]);
    expect(table).toBe(['PID  NAME    PATH', '1    微信    a', '22   𠮷野家  b', '333  WeChat  c', ''].join('\n'));
  });
});
