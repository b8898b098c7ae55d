import { useTranslation } from 'react-i18next';
import type { ServerStatus } from '../../main/core/types.js';
import { useAppState, useServices } from './app-context.js';
import type { View } from './stores/app-store.js';
import { useDropdown } from './hooks/use-dropdown.js';
import { problemText } from './features/models/problem-text.js';

const VIEWS: readonly View[] = ['logs', 'vitals', 'stats', 'settings'];

function ServerChip({ server }: { server: ServerStatus }) {
  const { t } = useTranslation();
  return (
    <span className="server-chip" title={`${server.url}${server.lastProblem ? `\n${problemText(t, server.lastProblem)}` : ''}`} data-server={server.id}>
      <span className="server-name">{server.name}</span>
      {(server.generation !== null || server.health === 'unknown') && (
        <span className="server-gen">({server.generation ?? t('header.generationUnknown')})</span>
      )}
      <span className={`dot small health-${server.health}`} aria-hidden="true" />
      <span className={`server-health health-text-${server.health}`}>{t(`health.${server.health}`)}</span>
    </span>
  );
}

/** Several servers: one summary (the sidebar headings carry each server's health). */
function ServersSummary({ servers }: { servers: readonly ServerStatus[] }) {
  const { t } = useTranslation();
  const down = servers.filter((s) => s.health === 'unreachable').length;
  const worst = down > 0 ? 'unreachable' : servers.some((s) => s.health === 'unknown') ? 'unknown' : 'healthy';
  const title = servers.map((s) => `${s.name} — ${t(`health.${s.health}`)} (${s.url})`).join('\n');
  return (
    <span className="server-chip" title={title} data-testid="servers-summary">
      <span className={`dot small health-${worst}`} aria-hidden="true" />
      <span className="server-name">{t('header.servers', { count: servers.length })}</span>
      {down > 0 && <span className="server-health health-text-unreachable">{t('header.unreachableCount', { count: down })}</span>}
    </span>
  );
}

function AlertsControl() {
  const { t } = useTranslation();
  const { api, now } = useServices();
  const pausedUntil = useAppState((s) => s.settings?.notifications.pausedUntil);
  const { open: open, setOpen: setOpen, ref } = useDropdown();
  const paused = pausedUntil !== undefined && (pausedUntil === null || pausedUntil > now());
  const pause = (minutes: number | null) => {
    setOpen(false);
    void api.invoke('notifications:pause', { minutes }).catch(() => undefined);
  };
  if (paused) {
    return (
      <button type="button" className="chip on warn" data-testid="alerts" onClick={() => pause(0)} title={t('header.alertsResume')}>
        {t('header.alertsPaused')} · {t('header.alertsResume')}
      </button>
    );
  }
  return (
    <div className="menu-anchor" ref={ref}>
      <button type="button" className="chip" data-testid="alerts" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('header.alertsPause')}
      </button>
      {open && (
        <div className="menu right" role="menu">
          <button type="button" role="menuitem" onClick={() => pause(60)}>
            {t('header.pause1h')}
          </button>
          <button type="button" role="menuitem" onClick={() => pause(240)}>
            {t('header.pause4h')}
          </button>
          <button type="button" role="menuitem" onClick={() => pause(null)}>
            {t('header.pauseUntilResumed')}
          </button>
        </div>
      )}
    </div>
  );
}

export function Header({ onShortcuts }: { onShortcuts: () => void }) {
  const { t } = useTranslation();
  const { sync } = useServices();
  const servers = useAppState((s) => s.servers);
  const view = useAppState((s) => s.view);
  return (
    <header className="app-header">
      <div className="header-servers">
        <span className="header-label">{t('header.serverLabel')}</span>
        {servers.length === 0 && <span className="muted">{t('header.noServer')}</span>}
        {servers.length === 1 && servers[0] && <ServerChip server={servers[0]} />}
        {servers.length > 1 && <ServersSummary servers={servers} />}
      </div>
      <div className="view-switch" role="tablist" aria-label={t('app.title')}>
        {VIEWS.map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={`view-btn${view === v ? ' active' : ''}`} data-view={v} onClick={() => sync.setView(v)}>
            {t(`views.${v}`)}
          </button>
        ))}
      </div>
      <div className="header-right">
        <AlertsControl />
        <button type="button" className="icon-btn help-btn" data-testid="shortcuts-button" title={t('shortcuts.button')} aria-label={t('shortcuts.button')} onClick={onShortcuts}>
          ?
        </button>
      </div>
    </header>
  );
}
