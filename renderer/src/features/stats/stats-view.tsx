import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey, ModelStats } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { formatDateTime, formatStamp } from '../../format.js';
import { orderedModels } from '../../stores/app-store.js';
import { problemText } from '../models/problem-text.js';

const REFRESH_MS = 2000;

/** What the CLI's interactive `stats` showed: per model, error groups, per server. */
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

  const refreshServers = () => {
    for (const s of servers) void api.invoke('server:refresh-stats', { serverId: s.id }).catch(() => undefined);
    void load();
  };

  const openLine = (key: ModelKey, seq: number) => {
    sync.selectModel(key);
    sync.setView('logs');
    sync.scrollTo(key, seq);
  };

  const dash = t('stats.none');
  // With several servers the same model name can appear under each: group rows name the server.
  const grouped = servers.length > 1;
  const serverName = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
  const MODEL_COLUMNS = 16;
  const groups = ordered.flatMap((m) => (stats.get(m.key)?.errorGroups ?? []).map((g) => ({ model: m, group: g })));

  return (
    <div className="stats-view" data-testid="stats-view">
      <div className="section-head">
        <h2>{t('stats.models')}</h2>
        <button type="button" className="btn" onClick={refreshServers}>
          ↻ {t('stats.refresh')}
        </button>
      </div>
      {error && <p className="error-text">{t('common.error', { message: error })}</p>}
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('stats.model')}</th>
              <th>{t('stats.status')}</th>
              <th>{t('stats.lifecycle')}</th>
              <th>{t('stats.connectedSince')}</th>
              <th className="num">{t('stats.attempts')}</th>
              <th className="num">{t('stats.reconnects')}</th>
              <th className="num">{t('stats.linesTotal')}</th>
              <th className="num">{t('stats.linesHistory')}</th>
              <th className="num">{t('stats.linesLive')}</th>
              <th className="num level-error">{t('level.error')}</th>
              <th className="num level-warning">{t('level.warning')}</th>
              <th className="num level-success">{t('level.success')}</th>
              <th className="num">{t('level.info')}</th>
              <th className="num">{t('stats.perSecond')}</th>
              <th className="num">{t('stats.gaps')}</th>
              <th>{t('stats.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((m, i) => {
              const s = stats.get(m.key);
              const firstOfServer = grouped && ordered[i - 1]?.serverId !== m.serverId;
              return (
                <Fragment key={m.key}>
                  {firstOfServer && (
                    <tr className="group-row" data-server={m.serverId}>
                      <th colSpan={MODEL_COLUMNS} scope="rowgroup">
                        {serverName(m.serverId)}
                      </th>
                    </tr>
                  )}
                  <tr data-key={m.key}>
                    <td className="strong">
                      <span className={`dot small status-${m.connection}`} aria-hidden="true" /> {m.model}
                    </td>
                    <td>{t(`status.${m.connection}`)}</td>
                    <td>{m.lifecycle === 'unknown' ? dash : t(`lifecycle.${m.lifecycle}`)}</td>
                    <td className="nowrap" title={s?.connectedSince ? formatDateTime(s.connectedSince) : undefined}>
                      {s?.connectedSince ? formatStamp(s.connectedSince, now()) : dash}
                    </td>
                    <td className="num">{s?.attempts ?? dash}</td>
                    <td className="num">{s?.reconnects ?? dash}</td>
                    <td className="num">{s?.lines.total ?? dash}</td>
                    <td className="num">{s?.lines.history ?? dash}</td>
                    <td className="num">{s?.lines.live ?? dash}</td>
                    <td className="num">{s?.lines.byLevel.error ?? dash}</td>
                    <td className="num">{s?.lines.byLevel.warning ?? dash}</td>
                    <td className="num">{s?.lines.byLevel.success ?? dash}</td>
                    <td className="num">{s?.lines.byLevel.info ?? dash}</td>
                    <td className="num">{s ? s.linesPerSecond.toFixed(1) : dash}</td>
                    <td className="num">{s?.gaps ?? dash}</td>
                    <td className="ellipsis fill" title={s?.lastError?.text}>
                      {s?.lastError ? (
                        <button type="button" className="link-btn" onClick={() => s.lastError && openLine(m.key, s.lastError.seq)}>
                          {s.lastError.text}
                        </button>
                      ) : (
                        dash
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>

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

      <h2>{t('stats.servers')}</h2>
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
