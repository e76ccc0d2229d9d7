// The starting language, and advice for every error code in both languages.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../core/model';
import { initialLanguage } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

describe('i18n', () => {
  it('picks the starting language from storage, else Chinese browsers get zh-CN', () => {
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage(null, ['en-US'])).toBe('en');
    expect(initialLanguage({ getItem: () => 'en' }, ['zh-CN'])).toBe('en');
  });

  it('has advice for every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(en.errors[code as keyof typeof en.errors], `en ${code}`).toBeTruthy();
      expect(zhCN.errors[code as keyof typeof zhCN.errors], `zh-CN ${code}`).toBeTruthy();
    }
  });
});
