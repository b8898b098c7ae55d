// One model's vitals: the extractor (state between lines) and the bounded store, fed with the entries
// the logbook accepted. A gap marker resets the half-read state; markers are otherwise ignored.
import type { LogEntry, ModelKey, VitalsSample, VitalsSeries, VitalsSummary } from '../../types.js';
import { VitalsExtractor } from './extractor.js';
import { VitalsStore } from './series.js';

export class VitalsTracker {
  private readonly store: VitalsStore;
  /** Puts the samples straight into the store. */
  private readonly extractor: VitalsExtractor;

  constructor(key: ModelKey) {
    this.store = new VitalsStore(key);
    this.extractor = new VitalsExtractor({ sink: this.store });
  }

  /**
   * Feed accepted entries (in seq order). Returns how many samples they added to the store (0: only
   * load figures changed), or -1 when nothing changed (the common case). The samples themselves are
   * read back with `newest` when they are sent: no object is kept for them in between.
   */
  observe(entries: readonly LogEntry[]): number {
    let added = 0;
    let touched = false;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind === 'line') {
        const n = this.extractor.read(e);
        if (n < 0) continue;
        touched = true;
        added += n;
      } else if (e.marker === 'gap') {
        this.extractor.reset();
      }
    }
    if (!touched) return -1;
    // Most timing lines complete nothing and change no load figure.
    const loadChanged = this.extractor.loadDirty;
    if (loadChanged) this.store.setLoad(this.extractor.takeLoad().load);
    return added > 0 || loadChanged ? added : -1;
  }

  /** How many samples from live lines with a generation speed were added since the last call. */
  takeLiveSpeeds(): number {
    return this.store.takeLiveSpeeds();
  }

  /** The newest `n` samples added (at most the RAW_SAMPLES held), oldest first. */
  newest(n: number): VitalsSample[] {
    return this.store.newest(n);
  }

  summary(): VitalsSummary | null {
    return this.store.summary();
  }

  series(sinceTs?: number): VitalsSeries {
    return this.store.series(sinceTs);
  }
}
