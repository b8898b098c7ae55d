import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RendererApi } from '../../contract/ipc.js';
import type { ModelKey } from '../../main/core/types.js';
import type { AppStore, AppStoreState } from './stores/app-store.js';
import type { LogBuffer, LogStore } from './stores/log-store.js';
import type { Sync } from './stores/sync.js';

export interface AppServices {
  readonly api: RendererApi;
  readonly appStore: AppStore;
  readonly logStore: LogStore;
  readonly sync: Sync;
  /** Injected so tests control time-in-state labels. */
  readonly now: () => number;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesProvider missing');
  return s;
}

export function useAppState<T>(selector: (s: AppStoreState) => T): T {
  return useStore(useServices().appStore, selector);
}

/** The buffer of one model plus its version (the version changes on every mutation). */
export function useLogBuffer(key: ModelKey | null): { buffer: LogBuffer | undefined; version: number } {
  const { logStore } = useServices();
  const version = useSyncExternalStore(
    (cb) => (key === null ? () => undefined : logStore.subscribe(key, cb)),
    () => (key === null ? -1 : logStore.version(key)),
  );
  return { buffer: key === null ? undefined : logStore.get(key), version };
}
