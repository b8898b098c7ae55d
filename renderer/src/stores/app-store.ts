import { createStore, type StoreApi } from 'zustand/vanilla';
import { modelHealth } from '../../../contract/domain.js';
import type { ModelKey, ModelStatus, PublicSettings, ServerStatus } from '../../../main/core/types.js';

export type View = 'logs' | 'vitals' | 'stats' | 'settings';

export interface ProblemNote {
  readonly id: number;
  readonly key: ModelKey | null;
  readonly serverId: string | null;
  readonly message: string;
}

/** A request to scroll a tab to a line (app:navigate, "show in context", error groups). */
export interface ScrollRequest {
  readonly key: ModelKey;
  readonly seq: number;
  readonly nonce: number;
}

export interface AppStoreState {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  readonly servers: readonly ServerStatus[];
  readonly models: readonly ModelStatus[];
  readonly settings: PublicSettings | null;
  /** 'none': no OS keyring, header values are stored as the user chose (settings.credentialStorage). */
  readonly credentialProtection: 'keyring' | 'none';
  readonly systemLocale: string;
  readonly systemDark: boolean;
  readonly settingsNotice: string | null;
  readonly demoServerUrl: string | null;
  readonly view: View;
  readonly selectedKey: ModelKey | null;
  readonly scrollRequest: ScrollRequest | null;
  readonly problems: readonly ProblemNote[];
}

export type AppStore = StoreApi<AppStoreState>;

export const initialAppState: AppStoreState = {
  phase: 'loading',
  loadError: null,
  servers: [],
  models: [],
  settings: null,
  credentialProtection: 'keyring',
  systemLocale: 'en',
  systemDark: false,
  settingsNotice: null,
  demoServerUrl: null,
  view: 'logs',
  selectedKey: null,
  scrollRequest: null,
  problems: [],
};

export function createAppStore(initial: Partial<AppStoreState> = {}): AppStore {
  return createStore<AppStoreState>(() => ({ ...initialAppState, ...initial }));
}

/** Models in display order: by server (settings order), broken ones first, then by name. */
export function orderedModels(state: Pick<AppStoreState, 'models' | 'servers'>): ModelStatus[] {
  const serverOrder = new Map(state.servers.map((s, i) => [s.id, i] as const));
  const failed = (m: ModelStatus) => (modelHealth(m) === 'failed' ? 0 : 1);
  return [...state.models].sort((a, b) => {
    const sa = serverOrder.get(a.serverId) ?? 1e9;
    const sb = serverOrder.get(b.serverId) ?? 1e9;
    if (sa !== sb) return sa - sb;
    return failed(a) - failed(b) || a.model.localeCompare(b.model);
  });
}
