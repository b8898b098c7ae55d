// Vitals recognisers on lines as llama.cpp and vLLM print them (format strings quoted from their
// sources in main/core/logs/vitals/recognisers.ts), with ANSI colours, log prefixes and the older
// one-call form whose timing lines follow a bare slot header. Unknown shapes must give nothing.
import { describe, expect, it } from 'vitest';
import { VitalsExtractor } from '../../../main/core/logs/vitals/extractor.js';
import { recogniseLine } from '../../../main/core/logs/vitals/recognisers.js';
import type { VitalsSample } from '../../../main/core/types.js';

const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);

function run(lines: readonly string[], step = 10): VitalsSample[] {
  const x = new VitalsExtractor();
  const out: VitalsSample[] = [];
  lines.forEach((text, i) => out.push(...(x.observe({ seq: i + 1, ts: T0 + i * step, text, origin: 'live' }) ?? [])));
  return out;
}

describe('llama.cpp server timing lines', () => {
  // tools/server/server-context.cpp: SLT_INF "slot %12.*s: id %2d | task %d | " + one format per line.
  const CURRENT = [
    'slot print_timing: id  0 | task 123 | prompt eval time =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second)',
    'slot print_timing: id  0 | task 123 |        eval time =    1234.56 ms /   100 tokens (   12.35 ms per token,    81.00 tokens per second)',
    'slot print_timing: id  0 | task 123 |       total time =    1306.22 ms /   120 tokens',
    'slot print_timing: id  0 | task 123 |    graphs reused =         98',
  ];

  it('reads the current one-line-each format into one request with slot and task', () => {
    expect(run(CURRENT)).toEqual([
      {
        kind: 'request',
        source: 'llama.cpp',
        ts: T0,
        seq: 1,
        origin: 'live',
        genTps: 81,
        promptTps: 279.1,
        slot: 0,
        task: 123,
        promptTokens: 20,
        genTokens: 100,
        promptMs: 71.66,
        genMs: 1234.56,
        totalMs: 1306.22,
      },
    ]);
  });

  it('reads the same lines with ANSI colours, CRLF and the common-log timestamp prefix', () => {
    const coloured = CURRENT.map((l, i) => `${i === 1 ? '\u001b[32m' : ''}0.03.137.02${i} I ${l}\u001b[0m\r`);
    const got = run(coloured);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ slot: 0, task: 123, genTps: 81, promptTps: 279.1, genTokens: 100, totalMs: 1306.22 });
  });

  it('reads the one-call format (late 2024): a bare slot header, then the three lines as continuations', () => {
    // SLT_INF(*this, "\n" "prompt eval time = …\n" "       eval time = …\n" "      total time = …\n")
    const got = run([
      'slot print_timing: id  1 | task 7 | ',
      'prompt eval time =     120.00 ms /    48 tokens (    2.50 ms per token,   400.00 tokens per second)',
      '       eval time =    2000.00 ms /    64 tokens (   31.25 ms per token,    32.00 tokens per second)',
      '      total time =    2120.00 ms /   112 tokens',
    ]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ slot: 1, task: 7, genTps: 32, promptTps: 400, promptTokens: 48, genTokens: 64, totalMs: 2120, seq: 2 });
  });

  it('reads the 2024 text log format with ids in the key=value suffix ("generation eval time … runs")', () => {
    const got = run([
      'INFO [           print_timings] prompt eval time     =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second) | tid="139653215014912" timestamp=1717000000 id_slot=0 id_task=5 t_prompt_processing=71.66 n_prompt_tokens_processed=20 t_token=3.583 n_tokens_second=279.1',
      'INFO [           print_timings] generation eval time =    1234.56 ms /   100 runs   (   12.35 ms per token,    81.00 tokens per second) | tid="139653215014912" timestamp=1717000001 id_slot=0 id_task=5 t_token_generation=1234.56 n_decoded=100 t_token=12.3456 n_tokens_second=81.0',
      'INFO [           print_timings]           total time =    1306.22 ms | tid="139653215014912" timestamp=1717000001 id_slot=0 id_task=5 t_prompt_processing=71.66 t_token_generation=1234.56 t_total=1306.22',
    ]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ slot: 0, task: 5, genTps: 81, genTokens: 100, promptTps: 279.1, totalMs: 1306.22 });
  });

  it('reads the 2024 JSON log format (--log-format json)', () => {
    const got = run([
      '{"tid":"140","timestamp":1717000000,"level":"INFO","function":"print_timings","line":327,"msg":"prompt eval time     =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second)","id_slot":2,"id_task":9,"t_prompt_processing":71.66,"n_prompt_tokens_processed":20,"t_token":3.583,"n_tokens_second":279.1}',
      '{"tid":"140","timestamp":1717000001,"level":"INFO","function":"print_timings","line":341,"msg":"generation eval time =    1234.56 ms /   100 runs   (   12.35 ms per token,    81.00 tokens per second)","id_slot":2,"id_task":9,"t_token_generation":1234.56,"n_decoded":100,"t_token":12.3456,"n_tokens_second":81.0}',
      '{"tid":"140","timestamp":1717000001,"level":"INFO","function":"print_timings","line":352,"msg":"          total time =    1306.22 ms","id_slot":2,"id_task":9,"t_prompt_processing":71.66,"t_token_generation":1234.56,"t_total":1306.22}',
    ]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ slot: 2, task: 9, genTps: 81, promptTps: 279.1, totalMs: 1306.22 });
  });

  it('reads the 2023 LOG_TEE form', () => {
    const got = run([
      'print_timings: prompt eval time =     500.00 ms /   100 tokens (    5.00 ms per token,   200.00 tokens per second)',
      'print_timings:        eval time =    4000.00 ms /   200 runs   (   20.00 ms per token,    50.00 tokens per second)',
      'print_timings:       total time =    4500.00 ms',
    ]);
    expect(got).toEqual([expect.objectContaining({ genTps: 50, promptTps: 200, genTokens: 200, promptTokens: 100, totalMs: 4500 })]);
    expect(got[0]!.slot).toBeUndefined();
  });

  it('keeps two slots interleaving their blocks apart, and reports 0-token generations without a speed', () => {
    const got = run([
      'slot print_timing: id  0 | task 10 | prompt eval time =     100.00 ms /    10 tokens (   10.00 ms per token,   100.00 tokens per second)',
      'slot print_timing: id  0 | task 10 |        eval time =    1000.00 ms /    40 tokens (   25.00 ms per token,    40.00 tokens per second)',
      'slot print_timing: id  1 | task 11 | prompt eval time =     200.00 ms /    10 tokens (   20.00 ms per token,    50.00 tokens per second)',
      'slot print_timing: id  1 | task 11 |        eval time =       0.00 ms /     0 tokens (     nan ms per token,      inf tokens per second)',
      'slot print_timing: id  1 | task 11 |       total time =     200.00 ms /    10 tokens',
    ]);
    expect(got.map((s) => [s.task, s.genTps, s.promptTps])).toEqual([
      [10, 40, 100],
      [11, null, 50],
    ]);
  });

  it('never turns process summaries or look-alikes into requests', () => {
    const lines = [
      // llama-cli / exit summaries: process-wide, not a request.
      'llama_perf_context_print: prompt eval time =       5.62 ms /     9 tokens (    0.62 ms per token,  1600.57 tokens per second)',
      'llama_perf_context_print:        eval time =       0.00 ms /     1 runs   (    0.00 ms per token,      inf tokens per second)',
      'llama_perf_context_print:       total time =       7.83 ms /    10 tokens',
      'llama_print_timings:        eval time =    4000.00 ms /   200 runs   (   20.00 ms per token,    50.00 tokens per second)',
      // the slot progress line and other slot lines
      'slot update_slots: id  0 | task 123 | prompt processing, n_tokens =   2048, progress = 0.50, t =   3.10 s / 660.65 tokens per second',
      'slot      release: id  0 | task 123 | stop processing: n_tokens = 120, truncated = 0',
      // the rest of a request's lines (llama.cpp server, 2025–2026)
      'srv  params_from_: Chat format: Content-only',
      'slot get_availabl: id  0 | task -1 | selected slot by LRU, t_last = 168504210124',
      'slot launch_slot_: id  0 | task 123 | processing task, is_child = 0',
      'slot update_slots: id  0 | task 123 | new prompt, n_ctx_slot = 32768, n_keep = 0, task.n_tokens = 20',
      'slot update_slots: id  0 | task 123 | prompt done, n_tokens = 20, batch.n_tokens = 20',
      'slot init_sampler: id  0 | task 123 | init sampler, took 0.32 ms, tokens: text = 20, total = 20',
      'srv  update_slots: all slots are idle',
      'srv  log_server_r: done request: POST /v1/chat/completions 127.0.0.1 200',
      // the captures' fake model and free text
      '[fake-crash-d] tick 1: slots idle, kv cache usage 0.1%',
      'user said: eval time = fast',
      'slot print_timing: id  0 | task 123 | prompt eval time = 71.66 ms / 20 tokens',
      'prompt eval time =      71.66 ms /    20 tokens (    3.58 ms per token)',
    ];
    for (const l of lines.slice(4)) expect(recogniseLine(l), l).toBeNull();
    expect(run(lines)).toEqual([]);
  });
});

describe('vLLM engine statistics', () => {
  it('reads V1 (0.9+) with the engine prefix, process prefix and colours', () => {
    const line =
      '(APIServer pid=3871) \u001b[32mINFO\u001b[0m 11-30 08:00:05 [\u001b[36mloggers.py:123\u001b[0m] Engine 000: Avg prompt throughput: 1523.4 tokens/s, Avg generation throughput: 87.2 tokens/s, Running: 12 reqs, Waiting: 3 reqs, GPU KV cache usage: 41.5%, Prefix cache hit rate: 62.0%';
    expect(recogniseLine(line)).toEqual({
      kind: 'vllm-stats',
      engine: 0,
      promptTps: 1523.4,
      genTps: 87.2,
      running: 12,
      waiting: 3,
      kvCachePct: 41.5,
      prefixHitPct: 62,
    });
  });

  it('reads the newest V1 with optional Deferred / Preemptions / MM fields and the aggregated prefix', () => {
    const line =
      'INFO 11-30 08:00:05 [loggers.py:215] 2 Engines Aggregated: Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 240.5 tokens/s, Running: 30 reqs, Waiting: 9 reqs, Deferred: 2 reqs, Preemptions: 4, GPU KV cache usage: 97.3%, Prefix cache hit rate: 12.5%, MM cache hit rate: 0.0%';
    expect(recogniseLine(line)).toMatchObject({ promptTps: 0, genTps: 240.5, running: 30, waiting: 9, kvCachePct: 97.3, prefixHitPct: 12.5 });
  });

  it('reads V0 (metrics.py: Swapped, Pending, CPU KV, trailing dot)', () => {
    const line =
      'INFO 05-06 12:34:56 metrics.py:349] Avg prompt throughput: 512.0 tokens/s, Avg generation throughput: 45.6 tokens/s, Running: 4 reqs, Swapped: 1 reqs, Pending: 2 reqs, GPU KV cache usage: 23.4%, CPU KV cache usage: 0.0%.';
    expect(recogniseLine(line)).toEqual({ kind: 'vllm-stats', promptTps: 512, genTps: 45.6, running: 4, swapped: 1, waiting: 2, kvCachePct: 23.4 });
  });

  it('reads early V1 ("Running: %d reqs, Waiting: %d reqs " without cache figures)', () => {
    expect(recogniseLine('INFO 02-01 10:00:00 [loggers.py:78] Avg prompt throughput: 10.0 tokens/s, Avg generation throughput: 20.0 tokens/s, Running: 1 reqs, Waiting: 0 reqs ')).toEqual({
      kind: 'vllm-stats',
      promptTps: 10,
      genTps: 20,
      running: 1,
      waiting: 0,
    });
  });

  it('ignores look-alikes: a missing throughput, wrong units, impossible percentages, glued prefixes', () => {
    for (const l of [
      'Avg prompt throughput: 10.0 tokens/s, Running: 1 reqs',
      'Avg prompt throughput: fast, Avg generation throughput: 20.0 tokens/s',
      'Avg prompt throughput: 10.0 tokens/s, Avg generation throughput: 20.0 tok/s',
      'Avg prompt throughput: 1.0 tokens/s, Avg generation throughput: 2.0 tokens/s, GPU KV cache usage: 140.0%',
      'myAvg prompt throughput: 1.0 tokens/s, Avg generation throughput: 2.0 tokens/s',
      'Speculative metrics: Draft acceptance rate: 0.512, System efficiency: 0.401',
      // llama.cpp's own server lines are never vLLM's, whatever they quote
      'slot update_slots: id  0 | task 1 | Avg prompt throughput: 1.0 tokens/s, Avg generation throughput: 2.0 tokens/s',
      'srv  log_server_r: Avg prompt throughput: 1.0 tokens/s, Avg generation throughput: 2.0 tokens/s',
    ]) {
      expect(recogniseLine(l), l).toBeNull();
    }
  });

  it('becomes an engine sample through the extractor', () => {
    const got = run(['INFO 11-30 08:00:05 [loggers.py:123] Engine 000: Avg prompt throughput: 100.0 tokens/s, Avg generation throughput: 50.0 tokens/s, Running: 2 reqs, Waiting: 0 reqs, GPU KV cache usage: 5.0%, Prefix cache hit rate: 0.0%']);
    expect(got).toEqual([{ kind: 'engine', source: 'vllm', ts: T0, seq: 1, origin: 'live', genTps: 50, promptTps: 100, engine: 0, running: 2, waiting: 0, kvCachePct: 5, prefixHitPct: 0 }]);
  });
});

describe('llama.cpp load figures', () => {
  it('reads n_ctx, the KV cache size and the load time of the latest run', () => {
    const x = new VitalsExtractor();
    const lines = [
      'srv  llama_server: loading model',
      'llama_context: n_seq_max     = 1',
      'llama_context: n_ctx         = 8192',
      'llama_context: n_ctx_per_seq = 8192',
      'llama_kv_cache:      CUDA0 KV buffer size =   354.75 MiB',
      'llama_kv_cache: size =  354.75 MiB (  8448 cells,  43 layers,  1/1 seqs), K (f16):  354.75 MiB, V (f16):    0.00 MiB',
      'srv  llama_server: model loaded',
    ];
    lines.forEach((text, i) => x.observe({ seq: i + 1, ts: T0 + i * 500, text, origin: 'history' }));
    expect(x.takeLoad()).toEqual({ load: { nCtx: 8192, kvMiB: 354.75, loadMs: 3000 }, changed: true });
    expect(x.takeLoad().changed).toBe(false);
  });

  it('reads the older names and llama.cpp’s own load time', () => {
    const x = new VitalsExtractor();
    [
      'main: loading model',
      'llama_new_context_with_model: n_ctx      = 4096',
      'llama_new_context_with_model: KV self size  =  576.00 MiB, K (f16):  288.00 MiB, V (f16):  288.00 MiB',
      'llama_perf_context_print:        load time =     319.65 ms',
    ].forEach((text, i) => x.observe({ seq: i + 1, ts: T0 + i, text, origin: 'history' }));
    expect(x.takeLoad().load).toEqual({ nCtx: 4096, kvMiB: 576, loadMs: 319.65 });
  });

  it('does not read n_ctx_per_seq, n_ctx_train or recurrent-state sizes as the context or KV size', () => {
    for (const l of [
      'llama_context: n_ctx_per_seq = 8192',
      'print_info: n_ctx_train      = 40960',
      'llama_memory_recurrent: size =   40.00 MiB (     1 cells,  48 layers,  1 seqs), R (f32):    1.00 MiB, S (f32):   39.00 MiB',
      '\u001b[33mwarn\u001b[0m: n_ctx_per_seq (4096) < n_ctx_train (40960) -- the full capacity of the model will not be utilized',
    ]) {
      expect(recogniseLine(l), l).toBeNull();
    }
  });
});
