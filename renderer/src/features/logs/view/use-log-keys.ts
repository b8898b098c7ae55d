import { useEffect, useRef } from 'react';
import type { NavLevel } from './use-level-nav.js';

export interface LogKeyActions {
  focusSearch(): void;
  focusTime(): void;
  match(dir: 1 | -1): void;
  level(level: NavLevel, dir: 1 | -1): void;
  toggleFollow(): void;
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * The log's keys (listed in the shortcuts overlay, `?`): Ctrl/Cmd+F search, F3 / Shift+F3 next /
 * previous match, e / Shift+E and F8 / Shift+F8 next / previous error, w / Shift+W warnings,
 * Ctrl/Cmd+G jump to a time, End follow.
 */
export function useLogKeys(actions: LogKeyActions): void {
  // The latest actions without re-subscribing on every render.
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  }, [actions]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const typing = typingIn(e.target);
      const key = e.key;
      let handled = true;
      if (mod && key.toLowerCase() === 'f') a.focusSearch();
      else if (mod && key.toLowerCase() === 'g') a.focusTime();
      else if (key === 'F3') a.match(e.shiftKey ? -1 : 1);
      else if (key === 'F8') a.level('error', e.shiftKey ? -1 : 1);
      else if (key === 'End' && (mod || !typing)) a.toggleFollow();
      else if (!typing && !mod && !e.altKey && (key === 'e' || key === 'E')) a.level('error', key === 'E' ? -1 : 1);
      else if (!typing && !mod && !e.altKey && (key === 'w' || key === 'W')) a.level('warning', key === 'W' ? -1 : 1);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
