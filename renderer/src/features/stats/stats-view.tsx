import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey, ModelStats } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { formatDateTime, formatStamp } from '../../format.js';
import { orderedModels } from '../../stores/app-store.js';
import { problemText } from '../models/problem-text.js';
import { ModelCard } from './model-card.js';

const REFRESH_MS = 2000;

/** One card per model (health, uptime, history, errors over time, last error), the error groups, the servers. */
export function StatsView() {
  const { t } = useTranslation();
  const { api, sync, now } = useServices();
  const servers = useAppState((s) => s.servers);
  const models = useAppState((s) => s.models);
  const ordered = useMemo(() => orderedModels({ servers, models }), [servers, models]);
  const [stats, setStats] = useState<ReadonlyMap<ModelKey, ModelStats | null>>(new Map());
  const [error, setError] = useState<string | null>(null);

  const keys = useMemo(() => ordered.map((m) => m.key).join('\n'), [ordered]);
  const load = useCallback(async () => {
    const list = keys === '' ? [] : keys.split('\n');
    try {
      const results = await Promise.all(list.map((key) => api.invoke('logs:get-stats', { key })));
      setStats(new Map(list.map((k, i) => [k, results[i] ?? null] as const)));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [api, keys]);

  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [load]);

  // The servers table's own refresh: asks each server for its log statistics again.
  const refreshServers = () => {
    for (const s of servers) void api.invoke('server:refresh-stats', { serverId: s.id }).catch(() => undefined);
  };

  const openLine = (key: ModelKey, seq: number) => {
    sync.selectModel(key);
    sync.setView('logs');
    sync.scrollTo(key, seq);
  };

  const dash = t('stats.none');
  // With several servers the same model name can appear under each: cards and rows name the server.
  const grouped = servers.length > 1;
  const serverName = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
  const groups = ordered.flatMap((m) => (stats.get(m.key)?.errorGroups ?? []).map((g) => ({ model: m, group: g })));
  const byServer = servers.map((s) => ({ server: s, models: ordered.filter((m) => m.serverId === s.id) })).filter((g) => g.models.length > 0);

  return (
    <div className="stats-view" data-testid="stats-view">
      <div className="section-head">
        <h2>{t('stats.models')}</h2>
        <button type="button" className="btn" data-testid="refresh-models" onClick={() => void load()}>
          ↻ {t('stats.refresh')}
        </button>
      </div>
      {error && <p className="error-text">{t('common.error', { message: error })}</p>}
      {byServer.map(({ server, models: list }) => (
        <div key={server.id} className="card-group" data-server={server.id}>
          {grouped && <h3 className="card-group-title">{server.name}</h3>}
          <div className="stat-cards">
            {list.map((m) => (
              <ModelCard key={m.key} model={m} stats={stats.get(m.key)} serverName={null} onOpen={(seq) => openLine(m.key, seq)} />
            ))}
          </div>
        </div>
      ))}

      <h2>{t('stats.errorGroups')}</h2>
      {groups.length === 0 ? (
        <p className="muted">{t('stats.noErrors')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="error-groups">
            <thead>
              <tr>
                <th>{t('stats.model')}</th>
                <th>{t('stats.signature')}</th>
                <th className="num">{t('stats.count')}</th>
                <th>{t('stats.firstSeen')}</th>
                <th>{t('stats.lastSeen')}</th>
                <th>{t('stats.example')}</th>
                <th>{t('stats.hint')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map(({ model, group }) => (
                <tr key={`${model.key}-${group.signature}`}>
                  <td className="strong">
                    {model.model}
                    {grouped && <span className="muted cell-sub"> · {serverName(model.serverId)}</span>}
                  </td>
                  <td className="level-error">{t(`signature.${group.signature}`, { defaultValue: group.signature })}</td>
                  <td className="num">{group.count}</td>
                  <td className="nowrap" title={formatDateTime(group.firstSeen)}>
                    {formatStamp(group.firstSeen, now())}
                  </td>
                  <td className="nowrap" title={formatDateTime(group.lastSeen)}>
                    {formatStamp(group.lastSeen, now())}
                  </td>
                  <td className="ellipsis mono" title={group.example}>
                    <button type="button" className="link-btn" onClick={() => openLine(model.key, group.exampleSeq)}>
                      {group.example}
                    </button>
                  </td>
                  <td className="wrap">{t(group.hintKey.replace(/^hint\./, 'hints.'), { defaultValue: group.hint })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="section-head">
        <h2>{t('stats.servers')}</h2>
        <button type="button" className="btn" data-testid="refresh-servers" onClick={refreshServers}>
          ↻ {t('stats.refresh')}
        </button>
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="server-stats">
          <thead>
            <tr>
              <th>{t('stats.name')}</th>
              <th>{t('stats.url')}</th>
              <th>{t('stats.generation')}</th>
              <th>{t('stats.version')}</th>
              <th>{t('stats.health')}</th>
              <th className="num">{t('stats.entries')}</th>
              <th className="num">{t('stats.subscribers')}</th>
              <th>{t('stats.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s.id}>
                <td className="strong">{s.name}</td>
                <td className="mono">{s.url}</td>
                <td>{s.generation ?? dash}</td>
                <td>{s.version ?? dash}</td>
                <td>
                  <span className={`dot small health-${s.health}`} aria-hidden="true" /> {t(`health.${s.health}`)}
                </td>
                <td className="num">{s.logStats ? s.logStats.totalEntries : <span className="muted">{t('stats.notAvailable')}</span>}</td>
                <td className="num">{s.logStats ? s.logStats.totalSubscribers : dash}</td>
                <td className="ellipsis" title={s.lastProblem !== null ? problemText(t, s.lastProblem) : undefined}>
                  {s.lastProblem !== null ? problemText(t, s.lastProblem) : dash}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
