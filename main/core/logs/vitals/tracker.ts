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
   * Feed accepted entries (in seq order). Returns the new samples, and whether anything changed
   * (a sample, or new load figures).
   */
  observe(entries: readonly LogEntry[]): { samples: VitalsSample[]; changed: boolean } {
    const samples: VitalsSample[] = [];
    for (const e of entries) {
      if (e.kind === 'line') {
        for (const s of this.extractor.observe(e)) {
          this.store.add(s);
          samples.push(s);
        }
      } else if (e.marker === 'gap') {
        this.extractor.reset();
      }
    }
    const load = this.extractor.takeLoad();
    if (load.changed) this.store.setLoad(load.load);
    return { samples, changed: samples.length > 0 || load.changed };
  }

  summary(): VitalsSummary | null {
    return this.store.summary();
  }

  series(sinceTs?: number): VitalsSeries {
    return this.store.series(sinceTs);
  }
}
