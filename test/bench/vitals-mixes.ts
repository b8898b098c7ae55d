// The vitals benchmark's line mixes (issue 14), each one model's log as its server prints it. Shared by
// the logbook-level comparison (vitals-bench.ts) and the loopback stream server, which serves the same
// lines over SSE for the whole-ingest-path figure measured in the same run.
import type { IncomingLine } from '../../main/core/logs/incoming.js';

/** Lines in each mix. */
export const MIX_LINES = 200_000;

export type Mix = 'llama.cpp' | 'vllm' | 'synthetic';

/**
 * The line mixes, each one model's log as its server prints it:
 * - `llama.cpp`: a llama.cpp server answering requests back to back. Each request is the lines its
 *   server prints (shapes quoted from real logs in llama.cpp's issues, 2025–2026: params, slot
 *   selection, launch, new prompt, cache, one or more prompt-progress lines, prompt done, sampler,
 *   the three timing lines, release, idle, the HTTP log line), half of them in the one-call format (a
 *   bare `slot print_timing:` header, then the three lines without prefix). 3 timing lines in 14–17:
 *   about 20 % of the lines are vitals lines. Idle servers print nothing, so this is the densest real case.
 * - `vllm`: a vLLM server at 2 requests/s: three lines per request (received, HTTP, finished) and its
 *   statistics line every 10 s (1 line in 61).
 * - `synthetic`: the mix this bench used until session 3 (13.6 % vitals lines: llama.cpp timing blocks
 *   every 3 s among tick lines, plus vLLM statistics, ANSI and Chinese lines), kept to compare with the
 *   figures measured before.
 */
export function makeLines(mix: Mix): IncomingLine[] {
  const out: IncomingLine[] = [];
  let ts = 1_795_896_000_000;
  const push = (text: string, stepMs = 40) => {
    ts += stepMs;
    out.push({ origin: 'live', ts, text });
  };
  if (mix === 'llama.cpp') {
    for (let task = 0; out.length < MIX_LINES; task++) {
      const prompt = 24 + ((task * 7919) % 1800);
      const gen = 16 + ((task * 104729) % 400);
      const pMs = (prompt / (520 + (task % 480))) * 1000;
      const gMs = (gen / (38 + (task % 30))) * 1000;
      const f2 = (v: number, w: number) => v.toFixed(2).padStart(w);
      const d = (v: number, w: number) => String(v).padStart(w);
      const head = `slot print_timing: id  0 | task ${task} | `;
      push(`srv  params_from_: Chat format: Content-only`, 2_000);
      push(`slot get_availabl: id  0 | task -1 | selected slot by LRU, t_last = ${168504210124 + task * 3}`);
      push(`slot launch_slot_: id  0 | task ${task} | processing task, is_child = 0`);
      push(`slot update_slots: id  0 | task ${task} | new prompt, n_ctx_slot = 32768, n_keep = 0, task.n_tokens = ${prompt}`);
      push(`slot update_slots: id  0 | task ${task} | n_tokens = 0, memory_seq_rm [0, end)`);
      for (let done = 0; done < prompt; done += 512) {
        const n = Math.min(prompt, done + 512);
        push(`slot update_slots: id  0 | task ${task} | prompt processing progress, n_tokens = ${n}, batch.n_tokens = ${n - done}, progress = ${(n / prompt).toFixed(6)}`);
      }
      push(`slot update_slots: id  0 | task ${task} | prompt done, n_tokens = ${prompt}, batch.n_tokens = ${prompt % 512 || 512}`);
      push(`slot init_sampler: id  0 | task ${task} | init sampler, took 0.32 ms, tokens: text = ${prompt}, total = ${prompt}`);
      const timing = [
        `prompt eval time = ${f2(pMs, 10)} ms / ${d(prompt, 5)} tokens (${f2(pMs / prompt, 8)} ms per token, ${f2((prompt / pMs) * 1000, 8)} tokens per second)`,
        `       eval time = ${f2(gMs, 10)} ms / ${d(gen, 5)} tokens (${f2(gMs / gen, 8)} ms per token, ${f2((gen / gMs) * 1000, 8)} tokens per second)`,
        `      total time = ${f2(pMs + gMs, 10)} ms / ${d(prompt + gen, 5)} tokens`,
      ];
      if (task % 2 === 0) {
        for (const t of timing) push(head + t, 1);
      } else {
        push(head, 1);
        for (const t of timing) push(t, 1);
      }
      push(`slot      release: id  0 | task ${task} | stop processing: n_tokens = ${prompt + gen}, truncated = 0`);
      push(`srv  update_slots: all slots are idle`);
      push(`srv  log_server_r: done request: POST /v1/chat/completions 127.0.0.1 200`);
    }
  } else if (mix === 'vllm') {
    for (let i = 0; out.length < MIX_LINES; i++) {
      const id = `chatcmpl-${(i * 2654435761) % 4294967296}`;
      push(`INFO 11-30 08:00:05 [logger.py:43] Received request ${id}: prompt: '<|im_start|>user\nSummarise the report<|im_end|>', params: SamplingParams(n=1, temperature=0.7, top_p=0.8, max_tokens=512), prompt_token_ids: None, lora_request: None.`, 500);
      push(`INFO:     127.0.0.1:${40000 + (i % 20000)} - "POST /v1/chat/completions HTTP/1.1" 200 OK`);
      push(`INFO 11-30 08:00:06 [async_llm.py:270] Finished request ${id}.`);
      if (i % 20 === 19) {
        push(`INFO 11-30 08:00:10 [loggers.py:123] Engine 000: Avg prompt throughput: ${(1500 + (i % 97)).toFixed(1)} tokens/s, Avg generation throughput: ${(80 + (i % 13)).toFixed(1)} tokens/s, Running: ${i % 16} reqs, Waiting: ${i % 5} reqs, GPU KV cache usage: ${(i % 1000) / 10}%, Prefix cache hit rate: 62.0%`);
      }
    }
  } else {
    for (let i = 0; out.length < MIX_LINES; i++) {
      ts += 250;
      const tsNow = ts;
      const line = (text: string) => out.push({ origin: 'live', ts: tsNow, text });
      // Per llama.cpp request about a dozen lines, three of them timing; vLLM statistics every 10 s.
      if (i % 40 === 5) line(`INFO 11-30 08:00:05 [loggers.py:123] Engine 000: Avg prompt throughput: 1523.4 tokens/s, Avg generation throughput: 87.2 tokens/s, Running: 12 reqs, Waiting: 3 reqs, GPU KV cache usage: 41.5%, Prefix cache hit rate: 62.0%`);
      switch (i % 12) {
        case 0:
          line(`srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200`);
          line(`slot print_timing: id  0 | task ${i} | prompt eval time =     120.00 ms /    48 tokens (    2.50 ms per token,   400.00 tokens per second)`);
          line(`slot print_timing: id  0 | task ${i} |        eval time =    2000.00 ms /    64 tokens (   31.25 ms per token,    32.00 tokens per second)`);
          line(`slot print_timing: id  0 | task ${i} |       total time =    2120.00 ms /   112 tokens`);
          break;
        case 7:
          line(`\u001b[33mWARNING\u001b[0m: slot ${i % 4} context shift: n_keep=0 (tick ${i})`);
          break;
        case 9:
          line(`模型 bench-model 第 ${i} 次请求完成`);
          break;
        default:
          line(`[bench-model] tick ${i}: slots idle, kv cache usage ${(i % 1000) / 10}%`);
          line(`slot launch_slot_: id  0 | task ${i} | processing task`);
      }
    }
  }
  // Flat strings, as JSON.parse gives them.
  return JSON.parse(JSON.stringify(out.slice(0, MIX_LINES))) as IncomingLine[];
}
