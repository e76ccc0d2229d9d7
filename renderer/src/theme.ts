/** Light/dark theme choice: follows the system unless the user picks one (remembered). */
import { useEffect, useState } from 'react';

/** The user's theme choice. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'multiopen.theme';

/** The saved choice, "system" when none. */
export function savedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the choice. */
export function saveTheme(choice: ThemeChoice): void {
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // Storage may be disabled; the choice then lasts for this session.
  }
}

/** True while the system prefers dark. */
export function useSystemDark(): boolean {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return dark;
}
