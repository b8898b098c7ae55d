import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey, ModelStatus } from '../../../../main/core/types.js';
import { watchedGroups } from './watched-list.js';

/**
 * Settings → Watched models: one group per server (its display name, in the settings' order), each
 * model by its name and aliases, sorted by name. The internal key (`serverId/model`) is only an
 * attribute, never shown.
 */
export function WatchedModels({
  models,
  unwatched,
  servers,
  onChange,
}: {
  models: readonly ModelStatus[];
  unwatched: readonly ModelKey[];
  servers: readonly { id: string; name: string; url: string }[];
  onChange: (unwatched: ModelKey[]) => void;
}) {
  const { t } = useTranslation();
  const idBase = useId();
  const groups = watchedGroups(models, unwatched, servers);
  if (groups.length === 0) return <span className="muted">{t('settings.noModels')}</span>;
  return (
    <div className="watched-list" data-testid="watched-models">
      {groups.map((g, gi) => {
        const server = servers.find((s) => s.id === g.serverId);
        const heading = g.serverId === null ? t('settings.serverGone') : g.serverName || t('settings.unnamedServer');
        const headingId = `${idBase}-${gi}`;
        const on = g.items.filter((i) => !unwatched.includes(i.key)).length;
        return (
          <div key={g.serverId ?? '\u0000gone'} className="watched-group" role="group" aria-labelledby={headingId} data-server={g.serverId ?? ''}>
            <div className="watched-server" id={headingId} title={server?.url}>
              <span className="watched-server-name">{heading}</span>
              <span className="muted">{t('settings.watchedCount', { count: g.items.length, on })}</span>
            </div>
            {g.items.map((item) => (
              <label key={item.key} className="check watched-model" data-key={item.key}>
                <input
                  type="checkbox"
                  checked={!unwatched.includes(item.key)}
                  onChange={(e) => onChange(e.target.checked ? unwatched.filter((k) => k !== item.key) : [...unwatched, item.key])}
                />
                <span className="watched-name">{item.model}</span>
                {item.aliases.length > 0 && (
                  <span className="muted watched-aliases" title={t('settings.aliasesTitle')}>
                    {item.aliases.join(', ')}
                  </span>
                )}
                {item.absent && <span className="muted watched-absent">{t('settings.notOnServer')}</span>}
              </label>
            ))}
          </div>
        );
      })}
    </div>
  );
}
