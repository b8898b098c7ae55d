import { useEffect, useState } from 'react';
import type { ThemeSetting } from '../../../main/core/types.js';

/** Resolved theme on <html data-theme>: the setting, or the OS preference (state + live media query). */
export function useTheme(setting: ThemeSetting, systemDark: boolean): 'light' | 'dark' {
  const [mediaDark, setMediaDark] = useState<boolean | null>(null);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setMediaDark(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const dark = setting === 'dark' || (setting === 'system' && (mediaDark ?? systemDark));
  const theme = dark ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
