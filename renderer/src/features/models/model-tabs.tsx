import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelStatus, ServerStatus } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { formatDuration } from '../../format.js';
import { useNow } from '../../hooks/use-now.js';
import { orderedModels } from '../../stores/app-store.js';
import { describeControlResult } from './control-result.js';
import { problemText } from './problem-text.js';

function ModelTab({ model, selected, now, onSelect }: { model: ModelStatus; selected: boolean; now: number; onSelect: () => void }) {
  const { t } = useTranslation();
  const lifecycleKnown = model.lifecycle !== 'unknown';
  // Disconnected: the lifecycle is only what the server said last, and the clock counts the outage.
  const stale = model.connection === 'disconnected';
  const since = lifecycleKnown && !stale ? model.lifecycleSince : model.connectionSince;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      className={`model-tab${selected ? ' selected' : ''}${model.watched ? '' : ' unwatched'}`}
      data-key={model.key}
      data-connection={model.connection}
      title={(model.lastProblem ?? model.failureReason) !== null ? problemText(t, model.lastProblem ?? model.failureReason ?? '') : undefined}
      onClick={onSelect}
    >
      <span className={`dot status-${model.connection}`} aria-hidden="true" />
      <span className="tab-main">
        <span className="tab-name">{model.model}</span>
        <span className="tab-sub">
          <span className="tab-status">{t(`status.${model.connection}`)}</span>
          {lifecycleKnown && (
            <span className={`tab-lifecycle lifecycle-${model.lifecycle}${stale ? ' stale' : ''}`} title={stale ? t('tabs.staleTitle') : undefined}>
              {' · '}
              {stale ? t('tabs.wasState', { state: t(`lifecycle.${model.lifecycle}`) }) : t(`lifecycle.${model.lifecycle}`)}
            </span>
          )}
          <span className="tab-since"> · {formatDuration(t, now - since)}</span>
        </span>
      </span>
      {model.unreadErrors > 0 && (
        <span className="badge" data-testid="unread-badge" title={t('tabs.unread', { count: model.unreadErrors })}>
          {model.unreadErrors > 999 ? '999+' : model.unreadErrors}
        </span>
      )}
    </button>
  );
}

/** Left column: one tab per model, grouped by server when there are several, plus model control. */
export function ModelTabs() {
  const { t } = useTranslation();
  const { api, sync } = useServices();
  const servers = useAppState((s) => s.servers);
  const models = useAppState((s) => s.models);
  const selectedKey = useAppState((s) => s.selectedKey);
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; ok: boolean } | null>(null);

  const ordered = useMemo(() => orderedModels({ servers, models }), [servers, models]);
  const groups = useMemo(() => {
    const byServer = new Map<string, ModelStatus[]>();
    for (const m of ordered) {
      const list = byServer.get(m.serverId) ?? [];
      list.push(m);
      byServer.set(m.serverId, list);
    }
    return [...byServer.entries()].map(([serverId, list]) => ({
      server: servers.find((s) => s.id === serverId) as ServerStatus | undefined,
      serverId,
      models: list,
    }));
  }, [ordered, servers]);
  const selected = models.find((m) => m.key === selectedKey);
  const selectedServer = servers.find((s) => s.id === selected?.serverId);

  const run = async (fn: () => Promise<{ ok: boolean; message: string; status?: number }>) => {
    setBusy(true);
    setResult(null);
    try {
      const r = await fn();
      setResult({ text: describeControlResult(t, r), ok: r.ok });
    } catch (err) {
      setResult({ text: t('common.error', { message: err instanceof Error ? err.message : String(err) }), ok: false });
    }
    setBusy(false);
  };

  return (
    <nav className="sidebar" aria-label={t('tabs.title')}>
      <div className="model-list" role="tablist" aria-orientation="vertical">
        {ordered.length === 0 && <div className="sidebar-empty">{t('tabs.empty')}</div>}
        {groups.map((g) => (
          <div key={g.serverId} className="model-group">
            {servers.length > 1 && (
              <div className="group-title" title={g.server?.url}>
                <span className={`dot small health-${g.server?.health ?? 'unknown'}`} aria-hidden="true" />
                {g.server?.name ?? g.serverId}
              </div>
            )}
            {g.models.map((m) => (
              <ModelTab key={m.key} model={m} selected={m.key === selectedKey} now={now} onSelect={() => sync.selectModel(m.key)} />
            ))}
          </div>
        ))}
      </div>
      <div className="sidebar-footer">
        {result && (
          <div className={`control-result${result.ok ? ' ok' : ' failed'}`} role="status" data-testid="control-result">
            {result.text}
          </div>
        )}
        <div className="control-row">
          <button type="button" className="btn" disabled={!selected || busy} onClick={() => selected && void run(() => api.invoke('model:start', { key: selected.key }))}>
            ▶ {t('control.start')}
          </button>
          <button type="button" className="btn" disabled={!selected || busy} onClick={() => selected && void run(() => api.invoke('model:stop', { key: selected.key }))}>
            ■ {t('control.stop')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!selectedServer || busy}
            title={selectedServer ? t('control.confirmStopAll', { server: selectedServer.name }) : undefined}
            onClick={() => {
              if (!selectedServer) return;
              if (!window.confirm(t('control.confirmStopAll', { server: selectedServer.name }))) return;
              void run(() => api.invoke('server:stop-all', { serverId: selectedServer.id }));
            }}
          >
            {t('control.stopAll')}
          </button>
        </div>
        {busy && <div className="control-busy">{t('control.working')}</div>}
      </div>
    </nav>
  );
}
