import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsResult } from '../../main/core/types.js';
import { useAppState, useServices } from './app-context.js';
import { problemText } from './features/models/problem-text.js';
import { issueText } from './features/settings/issue-text.js';


/**
 * Shown when no server answers and no model is known. The main path is connecting to the user's
 * own LLM-Manager (its URL with "Test connection", or its config.json); the demo server comes second.
 * Whatever fails is said in plain words ("Nothing is listening on …: is LLM-Manager running?").
 */
export function FirstRun() {
  const { t } = useTranslation();
  const { api } = useServices();
  const demoUrl = useAppState((s) => s.demoServerUrl);
  const servers = useAppState((s) => s.servers);
  const settings = useAppState((s) => s.settings);
  const first = settings?.servers[0];
  const [url, setUrl] = useState(first?.url ?? 'http://127.0.0.1:8080');
  const [busy, setBusy] = useState(false);
  const [tested, setTested] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const guard = async (fn: () => Promise<SettingsResult>) => {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (!r.ok) setError(r.issues.map((i) => issueText(t, i)).join('; '));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    setBusy(false);
  };

  // Testing saves the URL as the (first) server: the monitor probes it at once and the result shows
  // below; when it answers, its models appear and this page gives way to the log view.
  const testConnection = () =>
    guard(async () => {
      setTested(true);
      const list = settings?.servers ?? [];
      const id = first?.id ?? 'local';
      const name = first?.name ?? 'LLM-Manager';
      const servers = [{ id, name, url: url.trim(), headers: first?.headers ?? {} }, ...list.slice(1)];
      return api.invoke('settings:update', { patch: { servers } });
    });

  const importConfig = (file: File) =>
    guard(async () => {
      setTested(true);
      return api.invoke('settings:import-llm-manager-config', { text: await file.text() });
    });

  const shown = servers.filter((s) => s.url === url.trim() || !tested);
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-card">
        <h1>{t('firstRun.title')}</h1>
        <p>{t('firstRun.body')}</p>
        <label className="field first-run-url">
          <span>{t('firstRun.urlLabel')}</span>
          <div className="first-run-row">
            <input
              type="url"
              value={url}
              spellCheck={false}
              data-testid="first-run-url"
              onChange={(e) => setUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void testConnection();
              }}
            />
            <button type="button" className="btn primary" disabled={busy || url.trim() === ''} data-testid="test-connection" onClick={() => void testConnection()}>
              {t('firstRun.test')}
            </button>
          </div>
        </label>
        <div className="first-run-row">
          <button type="button" className="btn" disabled={busy} data-testid="import-config" onClick={() => fileRef.current?.click()}>
            {t('firstRun.importConfig')}
          </button>
          <span className="muted small-text">{t('firstRun.importHint')}</span>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="first-run-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importConfig(file);
              e.target.value = '';
            }}
          />
        </div>
        {shown.length > 0 && (
          <ul className="first-run-servers" data-testid="first-run-status">
            {shown.map((srv) => (
              <li key={srv.id}>
                <span className={`dot small health-${srv.health}`} aria-hidden="true" /> <strong>{srv.name}</strong> <span className="mono">{srv.url}</span>{' '}
                <span className={`health-text-${srv.health}`}>{t(`health.${srv.health}`)}</span>
                {srv.lastProblem && <div className="first-run-problem">{problemText(t, srv.lastProblem)}</div>}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="error-text" role="alert">
            {t('common.error', { message: error })}
          </p>
        )}
        <div className="first-run-demo">
          <span className="muted">{t('firstRun.demoLead')}</span>
          <button type="button" className="btn" disabled={busy} onClick={() => void guard(() => api.invoke('app:use-demo-server', {}))} data-testid="use-demo">
            {t('firstRun.useDemo')}
          </button>
          {demoUrl && <span className="muted">{t('firstRun.demoStarted', { url: demoUrl })}</span>}
        </div>
      </div>
    </div>
  );
}
