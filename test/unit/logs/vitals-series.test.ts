// The vitals store: per-minute buckets bounded to 24 h, the last 1,000 raw samples, the summary
// (latest, 5-minute median, 30-minute sparkline) and, through the logbook, exactly-once feeding:
// a reconnect's full replay adds nothing.
import { describe, expect, it } from 'vitest';
import { Logbook } from '../../../main/core/logs/logbook.js';
import { MINUTE_MS, VitalsStore, median, medianInPlace, percentile } from '../../../main/core/logs/vitals/series.js';
import { VitalsTracker } from '../../../main/core/logs/vitals/tracker.js';
import type { VitalsSample } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);

function req(ts: number, genTokens: number, genMs: number, seq = 1, promptTokens = 10, promptMs = 100): VitalsSample {
  return { kind: 'request', source: 'llama.cpp', ts, seq, origin: 'live', genTps: (genTokens / genMs) * 1000, promptTps: (promptTokens / promptMs) * 1000, genTokens, genMs, promptTokens, promptMs };
}

function timingBlock(task: number, genTokens: number, genMs: number): string[] {
  const tps = ((genTokens / genMs) * 1000).toFixed(2);
  return [
    `slot print_timing: id  0 | task ${task} | prompt eval time =     100.00 ms /    10 tokens (   10.00 ms per token,   100.00 tokens per second)`,
    `slot print_timing: id  0 | task ${task} |        eval time = ${genMs.toFixed(2).padStart(10)} ms / ${String(genTokens).padStart(5)} tokens (${(genMs / genTokens).toFixed(2).padStart(8)} ms per token, ${tps.padStart(8)} tokens per second)`,
    `slot print_timing: id  0 | task ${task} |       total time = ${(genMs + 100).toFixed(2).padStart(10)} ms / ${String(genTokens + 10).padStart(5)} tokens`,
  ];
}

describe('VitalsStore', () => {
  it('weights a minute’s generation speed by tokens and counts its requests', () => {
    const st = new VitalsStore('s/m');
    st.add(req(T0 + 1_000, 100, 1000)); // 100 tok/s
    st.add(req(T0 + 20_000, 300, 10_000)); // 30 tok/s
    st.add(req(T0 + MINUTE_MS + 5, 50, 1000, 2));
    const { buckets } = st.series();
    expect(buckets).toHaveLength(2);
    expect(buckets[0]).toMatchObject({ t: T0, requests: 2, genTps: (400 / 11_000) * 1000, genTokensPerRequest: 200, promptTokensPerRequest: 10, running: null });
    expect(buckets[1]).toMatchObject({ t: T0 + MINUTE_MS, requests: 1, genTps: 50 });
  });

  it('keeps 24 h of minutes and the last 1,000 samples', () => {
    const st = new VitalsStore('s/m');
    for (let i = 0; i < 1500; i++) st.add(req(T0 + i * MINUTE_MS, 10, 1000, i + 1));
    const s = st.series();
    expect(s.buckets).toHaveLength(1440);
    expect(s.buckets[0]!.t).toBe(T0 + 60 * MINUTE_MS);
    expect(s.samples).toHaveLength(1000);
    expect(s.samples[0]!.seq).toBe(501);
    // a sample older than the window is held raw but not bucketed
    st.add(req(T0, 10, 1000, 9999));
    expect(st.series().buckets).toHaveLength(1440);
    expect(st.series(T0 + 1499 * MINUTE_MS).buckets).toHaveLength(1);
  });

  it('goes on dropping whole days of minutes (the dropped ones are let go of in one go, a day at a time)', () => {
    const st = new VitalsStore('s/m');
    for (let i = 0; i < 4_000; i++) {
      st.add(req(T0 + i * MINUTE_MS, 10, 1000, i + 1));
      if (i % 997 !== 0 && i !== 2_879 && i !== 2_880 && i !== 3_999) continue;
      const { buckets, summary } = st.series();
      const held = Math.min(i + 1, 1440);
      expect(buckets, `minute ${i}`).toHaveLength(held);
      expect(buckets[0]!.t).toBe(T0 + (i + 1 - held) * MINUTE_MS);
      expect(summary!.requests24h).toBe(held);
      expect(summary!.spark.filter((v) => v !== null)).toEqual(Array<number>(Math.min(30, held)).fill(10));
    }
    // A late line inside the window still finds its minute, one outside it is not bucketed.
    st.add(req(T0 + 3_000 * MINUTE_MS + 5, 10, 1000, 5_000));
    st.add(req(T0 + 2_000 * MINUTE_MS, 10, 1000, 5_001));
    const { buckets, summary } = st.series();
    expect(buckets).toHaveLength(1440);
    expect(buckets.find((b) => b.t === T0 + 3_000 * MINUTE_MS)!.requests).toBe(2);
    expect(summary!.requests24h).toBe(1441);
  });

  it('summarises: latest speed, 5-minute median, 30-minute sparkline ending at the latest minute, vLLM gauges', () => {
    const st = new VitalsStore('s/m');
    const speeds = [10, 20, 30, 40, 50, 60, 70];
    speeds.forEach((v, i) => st.add(req(T0 + i * MINUTE_MS, v, 1000, i + 1)));
    const sum = st.summary()!;
    expect(sum.genTps).toBe(70);
    expect(sum.genTpsMedian5m).toBe(45); // the samples in [last − 5 min, last]: 20…70
    expect(sum.spark).toHaveLength(30);
    expect(sum.spark.slice(-7)).toEqual(speeds);
    expect(sum.spark[0]).toBeNull();
    expect(sum.requests24h).toBe(7);
    st.add({ kind: 'engine', source: 'vllm', ts: T0 + 7 * MINUTE_MS, seq: 8, origin: 'live', genTps: 99, promptTps: 500, running: 3, waiting: 1, kvCachePct: 42 });
    expect(st.summary()).toMatchObject({ source: 'vllm', genTps: 99, running: 3, waiting: 1, kvCachePct: 42 });
    expect(st.series().buckets.at(-1)).toMatchObject({ genTps: 99, promptTps: 500, kvCachePct: 42, requests: 0 });
  });

  it('the summary kept up as samples come equals one read from the whole series (random order, 24 h drops, vLLM gauges pushed out)', () => {
    // The summary of every batch reads only the newest buckets and samples; this holds it to a
    // reading of everything the store holds.
    const engine = (ts: number, seq: number, running: number): VitalsSample => ({ kind: 'engine', source: 'vllm', ts, seq, origin: 'live', genTps: 40 + running, promptTps: 400, running, waiting: 1, kvCachePct: 12.5 });
    for (let seed = 1; seed <= 20; seed++) {
      let x = seed * 7919;
      const rnd = (n: number) => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x % n;
      };
      const st = new VitalsStore('s/m');
      let ts = T0;
      let seq = 0;
      for (let i = 0; i < 1_500; i++) {
        const r = rnd(100);
        // Mostly forward in time, sometimes a jump of hours (drops old minutes), sometimes a late line.
        ts += r < 3 ? 3 * 3_600_000 : r < 8 ? -rnd(20 * MINUTE_MS) : rnd(90_000);
        seq++;
        st.add((seed % 4 === 0 ? i < 200 && r < 50 : r < 10) ? engine(ts, seq, rnd(8)) : req(ts, 1 + rnd(500), 100 + rnd(20_000), seq));
        if (rnd(10) !== 0) continue;
        const got = st.summary()!;
        const all = st.series();
        const last = all.samples.reduce((a, b) => (b.ts >= a.ts ? b : a));
        const lastMinute = Math.floor(last.ts / MINUTE_MS) * MINUTE_MS;
        const spark = Array.from({ length: 30 }, (_, k) => all.buckets.find((b) => b.t === lastMinute - (29 - k) * MINUTE_MS)?.genTps ?? null);
        const recent = all.samples.filter((s) => s.ts >= last.ts - 5 * MINUTE_MS && s.ts <= last.ts && s.genTps !== null).map((s) => s.genTps!);
        const lastEngine = [...all.samples].reverse().find((s) => s.kind === 'engine');
        expect(got.requests24h, `seed ${seed}, sample ${i}`).toBe(all.buckets.reduce((n, b) => n + b.requests, 0));
        expect(got.spark).toEqual(spark);
        expect(got.running).toBe(lastEngine?.running ?? null);
        expect(got.kvCachePct).toBe(lastEngine?.kvCachePct ?? null);
        expect(got.samples).toBe(all.samples.length);
        // (The store's median reads the newest samples back to the first older than 5 minutes.)
        if (all.samples.every((s, k) => k === 0 || s.ts >= all.samples[k - 1]!.ts)) expect(got.genTpsMedian5m).toBe(median(recent));
      }
    }
  });

  it('the linear-time median equals the middle of the sorted values (odd and even counts, repeats, infinities)', () => {
    const sortedMedian = (values: number[]) => {
      const s = [...values].sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
    };
    let x = 12345;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    for (let trial = 0; trial < 2_000; trial++) {
      const n = 1 + rnd(trial < 100 ? 6 : 1_000);
      const spread = [2, 10, 1_000_000][rnd(3)]!;
      const values = Array.from({ length: n }, () => (rnd(50) === 0 ? Infinity : rnd(spread) + rnd(100) / 100));
      expect(medianInPlace(Float64Array.from(values), n), `trial ${trial}`).toBe(sortedMedian(values));
      expect(median(values)).toBe(sortedMedian(values));
    }
  });

  it('median and p10', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.1)).toBe(1);
    expect(percentile([50, 10, 40, 20, 30], 0.1)).toBe(10);
  });
});

describe('exactly-once feeding through the logbook', () => {
  it('a reconnect replaying the whole history changes nothing in the series', () => {
    const clock = new FakeClock();
    const lb = new Logbook({ key: 's/m', cap: 20_000, clock });
    const tracker = new VitalsTracker('s/m');
    const history: { ts: number; text: string }[] = [];
    let ts = T0;
    for (let task = 0; task < 40; task++) {
      for (const text of timingBlock(task, 50 + task, 1000)) history.push({ ts: (ts += 250), text });
      history.push({ ts: (ts += 250), text: 'srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200' });
    }
    const feed = (origin: 'history' | 'live', lines: typeof history) => {
      for (const l of lines) tracker.observe(lb.ingest({ origin, ts: l.ts, text: l.text }));
    };
    lb.beginConnection();
    feed('history', history.slice(0, 100));
    tracker.observe(lb.historyComplete());
    feed('live', history.slice(100));
    const before = tracker.series();
    expect(before.samples).toHaveLength(40);
    expect(before.summary!.requests24h).toBe(40);
    // Live samples with a speed (what the slow-generation alert counts): the 15 read after the history.
    expect(tracker.takeLiveSpeeds()).toBe(15);
    expect(tracker.takeLiveSpeeds()).toBe(0);

    // Reconnect: the server replays everything; the logbook accepts nothing twice.
    lb.beginConnection();
    feed('history', history);
    tracker.observe(lb.historyComplete());
    expect(tracker.series()).toEqual(before);
    expect(tracker.takeLiveSpeeds()).toBe(0);

    // A new request after the replay is counted once.
    lb.beginConnection();
    feed('history', history);
    tracker.observe(lb.historyComplete());
    const extra = timingBlock(99, 80, 1000).map((text) => ({ ts: (ts += 250), text }));
    feed('live', extra);
    expect(tracker.series().samples).toHaveLength(41);
    expect(tracker.series().samples.at(-1)).toMatchObject({ task: 99, genTps: 80 });
    expect(tracker.takeLiveSpeeds()).toBe(1);
  });

  it('a gap between the lines of a timing block drops the half block instead of merging across it', () => {
    const tracker = new VitalsTracker('s/m');
    const lines = timingBlock(1, 100, 1000);
    tracker.observe([{ kind: 'line', seq: 1, key: 's/m', ts: T0, origin: 'live', level: 'info', text: lines[0]! }]);
    tracker.observe([{ kind: 'marker', seq: 2, key: 's/m', ts: T0, marker: 'gap', reason: 'v3-drop' }]);
    tracker.observe([
      { kind: 'line', seq: 3, key: 's/m', ts: T0 + 1, origin: 'live', level: 'info', text: lines[2]! },
    ]);
    expect(tracker.series().samples).toEqual([]);
  });
});
