import type { ModelKey, ModelStatus } from '../../../../main/core/types.js';

/** One model in Settings → Watched models, as the user knows it: its name (and aliases), never its key. */
export interface WatchedItem {
  readonly key: ModelKey;
  readonly model: string;
  /** Other names the server accepts for it (the primary name left out). */
  readonly aliases: readonly string[];
  /** The server does not list it now (only an unwatched key remembers it). */
  readonly absent: boolean;
}

export interface WatchedGroup {
  /** The configured server's id, or null for keys whose server is no longer configured. */
  readonly serverId: string | null;
  /** The server's display name ('' when it has none yet, or is gone). */
  readonly serverName: string;
  readonly items: readonly WatchedItem[];
}

const byName = (a: WatchedItem, b: WatchedItem) =>
  a.model.localeCompare(b.model, undefined, { numeric: true, sensitivity: 'base' }) || a.model.localeCompare(b.model) || a.key.localeCompare(b.key);

/** The server a key belongs to: the longest configured id that prefixes it as `${id}/`. */
function ownerOf(key: ModelKey, servers: readonly { id: string }[]): { serverId: string | null; model: string } {
  let best: string | null = null;
  for (const s of servers) if (key.startsWith(`${s.id}/`) && (best === null || s.id.length > best.length)) best = s.id;
  if (best !== null) return { serverId: best, model: key.slice(best.length + 1) };
  const slash = key.indexOf('/');
  return { serverId: null, model: slash >= 0 ? key.slice(slash + 1) : key };
}

/**
 * Groups the models the user can watch or unwatch by server, in the settings' server order, each
 * group sorted by model name (natural order: "Qwen3-8B" before "Qwen3-30B", case aside). Known
 * models come from the monitor; an unwatched key the server no longer lists is kept (so it can be
 * watched again) and marked absent. Keys of servers no longer configured end in one last group.
 */
export function watchedGroups(
  models: readonly ModelStatus[],
  unwatched: readonly ModelKey[],
  servers: readonly { id: string; name: string }[],
): WatchedGroup[] {
  const items = new Map<string | null, WatchedItem[]>();
  const add = (serverId: string | null, item: WatchedItem) => {
    const list = items.get(serverId) ?? [];
    list.push(item);
    items.set(serverId, list);
  };
  const seen = new Set<ModelKey>();
  for (const m of models) {
    if (seen.has(m.key)) continue;
    seen.add(m.key);
    const configured = servers.some((s) => s.id === m.serverId);
    add(configured ? m.serverId : null, { key: m.key, model: m.model, aliases: m.aliases.filter((a) => a !== m.model), absent: false });
  }
  for (const key of unwatched) {
    if (seen.has(key)) continue;
    seen.add(key);
    const { serverId, model } = ownerOf(key, servers);
    add(serverId, { key, model, aliases: [], absent: true });
  }
  const groups: WatchedGroup[] = [];
  for (const s of servers) {
    const list = items.get(s.id);
    if (list) groups.push({ serverId: s.id, serverName: s.name.trim(), items: list.sort(byName) });
  }
  const gone = items.get(null);
  if (gone) groups.push({ serverId: null, serverName: '', items: gone.sort(byName) });
  return groups;
}

/** A key as the user knows it: the model's name and its server's display name ('' when not configured). */
export function describeKey(
  key: ModelKey,
  models: readonly ModelStatus[],
  servers: readonly { id: string; name: string }[],
): { model: string; serverName: string } {
  const known = models.find((m) => m.key === key);
  const { serverId, model } = known ? { serverId: known.serverId, model: known.model } : ownerOf(key, servers);
  return { model, serverName: servers.find((s) => s.id === serverId)?.name.trim() ?? '' };
}
