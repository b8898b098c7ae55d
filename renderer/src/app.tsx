import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import { ServicesProvider, useAppState, type AppServices } from './app-context.js';
import { LogsPane } from './features/logs/logs-pane.js';
import { ModelTabs } from './features/models/model-tabs.js';
import { settingsNoticeText } from './features/settings/notice-text.js';
import { SettingsView } from './features/settings/settings-view.js';
import { StatsView } from './features/stats/stats-view.js';
import { ShortcutsOverlay, useShortcutsOverlay } from './components/shortcuts-overlay.js';
import { VitalsView } from './features/vitals/vitals-view.js';
import { FirstRun } from './first-run.js';
import { Header } from './header.js';
import { useTabShortcuts } from './hooks/use-tab-shortcuts.js';
import { useTheme } from './hooks/use-theme.js';
import { resolveLanguage } from './i18n/index.js';

function Shell() {
  const { t, i18n: i18nInstance } = useTranslation();
  const phase = useAppState((s) => s.phase);
  const loadError = useAppState((s) => s.loadError);
  const view = useAppState((s) => s.view);
  const language = useAppState((s) => s.settings?.language ?? 'system');
  const themeSetting = useAppState((s) => s.settings?.theme ?? 'system');
  const systemLocale = useAppState((s) => s.systemLocale);
  const systemDark = useAppState((s) => s.systemDark);
  const notice = useAppState((s) => s.settingsNotice);
  const noModels = useAppState((s) => s.models.length === 0);
  const nothingReachable = useAppState((s) => s.servers.length === 0 || s.servers.every((srv) => srv.health !== 'healthy'));
  // A dismissed notice stays hidden until a different one arrives (e.g. a save that failed).
  const [dismissedNotice, setDismissedNotice] = useState<string | null>(null);
  useTheme(themeSetting, systemDark);
  useTabShortcuts();
  const shortcuts = useShortcutsOverlay();

  const lang = resolveLanguage(language, systemLocale);
  useEffect(() => {
    if (i18nInstance.language !== lang) void i18nInstance.changeLanguage(lang);
    document.documentElement.lang = lang;
  }, [lang, i18nInstance]);

  if (phase === 'loading') return <div className="splash">{t('app.loading')}</div>;
  if (phase === 'failed') return <div className="splash error-text">{t('app.loadFailed', { message: loadError ?? '' })}</div>;

  return (
    <div className="app" data-view={view}>
      <Header onShortcuts={() => shortcuts.setOpen(true)} />
      {notice && notice !== dismissedNotice && (
        <div className="notice-bar" role="alert" data-testid="settings-notice">
          <span>
            <strong>{t('settings.notice')}:</strong> {settingsNoticeText(t, notice)}
          </span>
          <button type="button" className="link-btn" onClick={() => setDismissedNotice(notice)}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      <div className="app-body">
        {view === 'logs' && (noModels && nothingReachable ? <FirstRun /> : (
          <>
            <ModelTabs />
            <LogsPane />
          </>
        ))}
        {view === 'vitals' && (
          <>
            <ModelTabs />
            <main className="page vitals-page">
              <VitalsView />
            </main>
          </>
        )}
        {view === 'stats' && (
          <main className="page">
            <StatsView />
          </main>
        )}
        {view === 'settings' && (
          <main className="page">
            <SettingsView />
          </main>
        )}
      </div>
      {shortcuts.open && <ShortcutsOverlay onClose={() => shortcuts.setOpen(false)} />}
    </div>
  );
}

export function App({ services, i18n }: { services: AppServices; i18n: i18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>
        <Shell />
      </ServicesProvider>
    </I18nextProvider>
  );
}
