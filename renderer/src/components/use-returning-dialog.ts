import { useRef, useState } from 'react';

/**
 * What a dialog without a trigger of its own shows (null: closed), and the button that opened it: on
 * close, focus goes back there, since the menu item or the page state that opened it may be gone.
 */
export function useReturningDialog<T>() {
  const [shown, setShown] = useState<T | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setShown(null);
    opener.current?.focus();
  };
  return { shown, setShown, opener, close };
}
