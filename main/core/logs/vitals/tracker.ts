// One model's vitals: the extractor (state between lines) and the bounded store, fed with the entries
// the logbook accepted. A gap marker resets the half-read state; markers are otherwise ignored.
import type { LogEntry, ModelKey, VitalsSample, VitalsSeries, VitalsSummary } from '../../types.js';
import { VitalsExtractor } from './extractor.js';
import { VitalsStore } from './series.js';

export class VitalsTracker {
  private readonly extractor = new VitalsExtractor();
  private readonly store: VitalsStore;

  constructor(key: ModelKey) {
    this.store = new VitalsStore(key);
  }

  /**
   * Feed accepted entries (in seq order). Returns null when nothing changed (the common case, without
   * allocating), else the new samples and whether load figures changed.
   */
  observe(entries: readonly LogEntry[]): { samples: VitalsSample[]; changed: boolean } | null {
    let samples: VitalsSample[] | null = null;
    let touched = false;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind === 'line') {
        const got = this.extractor.observe(e);
        if (got === null) continue;
        touched = true;
        for (const s of got) {
          this.store.add(s);
          (samples ??= []).push(s);
        }
      } else if (e.marker === 'gap') {
        this.extractor.reset();
      }
    }
    if (!touched) return null;
    // Most timing lines complete nothing and change no load figure: no allocation for them.
    const loadChanged = this.extractor.loadDirty;
    if (loadChanged) this.store.setLoad(this.extractor.takeLoad().load);
    if (!samples && !loadChanged) return null;
    return { samples: samples ?? [], changed: true };
  }

  summary(): VitalsSummary | null {
    return this.store.summary();
  }

  series(sinceTs?: number): VitalsSeries {
    return this.store.series(sinceTs);
  }
}
