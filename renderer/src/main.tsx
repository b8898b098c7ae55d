import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createI18n } from './i18n/index.js';
import { createAppStore } from './stores/app-store.js';
import { LogStore } from './stores/log-store.js';
import { createSync } from './stores/sync.js';
import './styles/app.css';

// Composition root of the window: the only place that reads window.llmLogTray.
const rootEl = document.getElementById('root');
const api = window.llmLogTray;
if (rootEl) {
  const lang = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const i18n = createI18n(lang);
  const root = createRoot(rootEl);
  if (!api) {
    root.render(<div className="splash error-text">{i18n.t('app.noBridge')}</div>);
  } else {
    const appStore = createAppStore();
    const logStore = new LogStore(20_000);
    const sync = createSync(api, appStore, logStore);
    root.render(<App services={{ api, appStore, logStore, sync, now: () => Date.now() }} i18n={i18n} />);
    void sync.start();
  }
}
