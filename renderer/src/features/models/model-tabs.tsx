import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelStatus, ServerStatus } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { HealthDot } from '../../components/health-dot.js';
import { formatDuration } from '../../format.js';
import { useNow } from '../../hooks/use-now.js';
import { orderedModels } from '../../stores/app-store.js';
import { healthSummary } from './health-text.js';
import { problemText } from './problem-text.js';
import { TabVitals } from '../vitals/tab-sparkline.js';

function ModelTab({ model, selected, now, onSelect, onBadge }: { model: ModelStatus; selected: boolean; now: number; onSelect: () => void; onBadge: () => void }) {
  const { t } = useTranslation();
  const h = healthSummary(t, model);
  // Disconnected: the clock counts the outage; otherwise time in the current state.
  const since = model.lifecycle !== 'unknown' && !h.stale ? model.lifecycleSince : model.connectionSince;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      className={`model-tab${selected ? ' selected' : ''}${model.watched ? '' : ' unwatched'}`}
      data-key={model.key}
      data-connection={model.connection}
      data-health={h.health}
      title={h.title ?? undefined}
      onClick={onSelect}
    >
      <HealthDot health={h.health} connection={model.connection} />
      <span className="tab-main">
        <span className="tab-name">{model.model}</span>
        <span className="tab-sub">
          <span className={`tab-status health-text-${h.health}${h.stale ? ' stale-word' : ''}`}>{h.word}</span>
          {h.detail !== null && (
            <span className={`tab-lifecycle${h.health === 'failed' ? ' lifecycle-failed' : ''}${h.stale ? ' stale' : ''}`} data-testid="tab-detail" title={h.stale ? t('tabs.staleTitle') : undefined}>
              {' · '}
              {h.detail}
            </span>
          )}
          <span className="tab-since"> · {formatDuration(t, now - since)}</span>
        </span>
        <TabVitals vitals={model.vitals} />
      </span>
      {model.unreadErrors > 0 && (
        // Inside the tab button, so a span: clicking it opens the tab at the first unread error.
        <span
          className="badge"
          data-testid="unread-badge"
          title={t('tabs.unreadJump', { count: model.unreadErrors })}
          onClick={(e) => {
            e.stopPropagation();
            onBadge();
          }}
        >
          {model.unreadErrors > 999 ? '999+' : model.unreadErrors}
        </span>
      )}
    </button>
  );
}

function ServerHeading({ server, serverId, models }: { server: ServerStatus | undefined; serverId: string; models: readonly ModelStatus[] }) {
  const { t } = useTranslation();
  const health = server?.health ?? 'unknown';
  const title = [server?.url, server?.lastProblem ? problemText(t, server.lastProblem) : null].filter(Boolean).join('\n');
  return (
    <div className="group-title" title={title || undefined} data-server={serverId} data-health={health}>
      <span className={`dot small health-${health}`} aria-hidden="true" />
      <span className="group-name">{server?.name ?? serverId}</span>
      <span className={`group-health health-text-${health}`}>
        {t(`health.${health}`)}
        {server?.generation ? ` · ${server.generation}` : ''}
      </span>
      {models.length === 0 && <span className="group-empty">{t('tabs.noModelsOnServer')}</span>}
    </div>
  );
}

/** Left column: one group per configured server (health in its heading), one tab per model. */
export function ModelTabs() {
  const { t } = useTranslation();
  const { sync } = useServices();
  const servers = useAppState((s) => s.servers);
  const models = useAppState((s) => s.models);
  const selectedKey = useAppState((s) => s.selectedKey);
  const now = useNow();

  const ordered = useMemo(() => orderedModels({ servers, models }), [servers, models]);
  const groups = useMemo(() => {
    // Every configured server has a group, an unreachable one too (it says why it has no models).
    const byServer = new Map<string, ModelStatus[]>(servers.map((s) => [s.id, []]));
    for (const m of ordered) {
      const list = byServer.get(m.serverId) ?? [];
      list.push(m);
      byServer.set(m.serverId, list);
    }
    return [...byServer.entries()].map(([serverId, list]) => ({ server: servers.find((s) => s.id === serverId), serverId, models: list }));
  }, [ordered, servers]);
  const showHeadings = groups.length > 1 || groups.some((g) => g.server?.health === 'unreachable');

  return (
    <nav className="sidebar" aria-label={t('tabs.title')}>
      <div className="model-list" role="tablist" aria-orientation="vertical">
        {ordered.length === 0 && servers.length === 0 && <div className="sidebar-empty">{t('tabs.empty')}</div>}
        {groups.map((g) => (
          <div key={g.serverId} className="model-group" data-server={g.serverId}>
            {showHeadings && <ServerHeading server={g.server} serverId={g.serverId} models={g.models} />}
            {g.models.map((m) => (
              <ModelTab
                key={m.key}
                model={m}
                selected={m.key === selectedKey}
                now={now}
                onSelect={() => sync.selectModel(m.key)}
                onBadge={() => void sync.openFirstUnread(m.key, m.unreadErrors)}
              />
            ))}
          </div>
        ))}
      </div>
    </nav>
  );
}
