import { render, act, type RenderResult } from '@testing-library/react';
import { App } from '../../../renderer/src/app.js';
import { createI18n, type UiLanguage } from '../../../renderer/src/i18n/index.js';
import { createAppStore, type AppStore } from '../../../renderer/src/stores/app-store.js';
import { LogStore } from '../../../renderer/src/stores/log-store.js';
import { createSync, type Sync } from '../../../renderer/src/stores/sync.js';
import { FakeApi, T0 } from './fake-api.js';

/** happy-dom has no layout: give every element a viewport so the virtualiser renders rows. */
export function fakeLayout(height = 400, width = 1000): void {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 20 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => width });
}

export interface RenderedApp extends RenderResult {
  api: FakeApi;
  appStore: AppStore;
  logStore: LogStore;
  sync: Sync;
}

export async function renderApp(api = new FakeApi(), language: UiLanguage = 'en', now: () => number = () => T0 + 60_000): Promise<RenderedApp> {
  const appStore = createAppStore();
  const logStore = new LogStore(20_000);
  const sync = createSync(api, appStore, logStore, now);
  const i18n = createI18n(language);
  const result = render(<App services={{ api, appStore, logStore, sync, now }} i18n={i18n} />);
  await act(async () => {
    await sync.start();
  });
  // Let the first logs:get-entries settle.
  await act(async () => {
    await Promise.resolve();
  });
  return { ...result, api, appStore, logStore, sync };
}
