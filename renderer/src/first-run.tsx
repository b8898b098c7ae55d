import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState, useServices } from './app-context.js';
import { problemText } from './features/models/problem-text.js';

/** Shown when no server answers and no model is known: offer the built-in demo server. */
export function FirstRun() {
  const { t } = useTranslation();
  const { api, sync } = useServices();
  const demoUrl = useAppState((s) => s.demoServerUrl);
  const servers = useAppState((s) => s.servers);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const startDemo = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('app:use-demo-server', {});
      if (!r.ok) setError(r.issues.map((i) => i.message).join('; '));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    setBusy(false);
  };
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-card">
        <h1>{t('firstRun.title')}</h1>
        <p>{t('firstRun.body')}</p>
        {servers.length > 0 && (
          <ul className="first-run-servers">
            {servers.map((srv) => (
              <li key={srv.id}>
                <span className={`dot small health-${srv.health}`} aria-hidden="true" /> <strong>{srv.name}</strong>{' '}
                <span className="mono">{srv.url}</span>
                {srv.lastProblem && <div className="muted small-text">{problemText(t, srv.lastProblem)}</div>}
              </li>
            ))}
          </ul>
        )}
        {demoUrl && <p className="muted">{t('firstRun.demoStarted', { url: demoUrl })}</p>}
        <div className="first-run-actions">
          <button type="button" className="btn primary" disabled={busy} onClick={() => void startDemo()} data-testid="use-demo">
            {t('firstRun.useDemo')}
          </button>
          <button type="button" className="btn" onClick={() => sync.setView('settings')}>
            {t('firstRun.openSettings')}
          </button>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {t('common.error', { message: error })}
          </p>
        )}
      </div>
    </div>
  );
}
