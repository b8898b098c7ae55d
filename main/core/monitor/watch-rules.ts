// Which models are watched: all of them, or only the ones named (CLI --model, a watch list), minus
// the ones the user unwatched. Named models also go first in the connection budget's line.
import type { ModelKey } from '../types.js';

export class WatchRules {
  private readonly names: ReadonlySet<string> | null;
  private readonly unwatched: Set<ModelKey>;

  constructor(watch?: readonly string[], unwatched?: readonly ModelKey[]) {
    this.names = watch ? new Set(watch) : null;
    this.unwatched = new Set(unwatched ?? []);
  }

  isWatched(key: ModelKey, name: string, aliases: readonly string[]): boolean {
    if (this.unwatched.has(key)) return false;
    if (!this.names) return true;
    return this.isNamed(name, aliases);
  }

  /** The user named it (by its name or one of its aliases). */
  isNamed(name: string, aliases: readonly string[]): boolean {
    const names = this.names;
    return names !== null && (names.has(name) || aliases.some((a) => names.has(a)));
  }

  /** The user's choice for one model (kept for a model not discovered yet). */
  setWatched(key: ModelKey, watched: boolean): void {
    if (watched) this.unwatched.delete(key);
    else this.unwatched.add(key);
  }
}
