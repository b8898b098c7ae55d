import { useEffect } from 'react';
import { useServices } from '../app-context.js';
import { orderedModels } from '../stores/app-store.js';

/** Ctrl+Tab / Ctrl+Shift+Tab cycle model tabs; Ctrl/Cmd+1..9 pick one. */
export function useTabShortcuts(): void {
  const { appStore, sync } = useServices();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const state = appStore.getState();
      const list = orderedModels(state);
      if (list.length === 0) return;
      const current = list.findIndex((m) => m.key === state.selectedKey);
      let target: number | null = null;
      if (e.key === 'Tab') target = (current + (e.shiftKey ? -1 : 1) + list.length) % list.length;
      else if (/^[1-9]$/.test(e.key)) target = Math.min(Number(e.key), list.length) - 1;
      if (target === null) return;
      const model = list[target];
      if (!model) return;
      e.preventDefault();
      sync.selectModel(model.key);
      if (state.view !== 'logs' && state.view !== 'vitals') sync.setView('logs');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [appStore, sync]);
}
