// Log lines for the benchmarks: a realistic mix of llama.cpp-style lines around 60 characters (the
// typical length the memory target is about), with some warnings, errors and Chinese text.

const TEMPLATES: ReadonlyArray<(i: number) => string> = [
  (i) => `[bench] tick ${i}: slots idle, kv cache usage ${(i % 1000) / 10}%`,
  (i) => `srv  log_server_r: request: POST /v1/chat/completions ${i % 50 === 0 ? 500 : 200}`,
  (i) => `slot launch_slot_: id  0 | task ${i} | processing task`,
  (i) => `prompt eval time = ${i % 997}.12 ms / 42 tokens (81.2 tok/s)`,
  (i) => `llama_model_loader: - kv ${i % 40}: general.architecture str = qwen3`,
  (i) => `\u001b[33mWARNING\u001b[0m: slot ${i % 4} context shift: n_keep=0 (${i})`,
  (i) => `W 20:00:${String(i % 60).padStart(2, '0')} kv cache quantization disabled for now`,
  (i) => `模型 bench 第 ${i} 次请求完成`,
  (i) => `metrics: requests=${i} error_rate=0 latency_ms=35 tokens=128`,
  (i) => `main: server is listening on http://127.0.0.1:${10000 + (i % 1000)}`,
];

const RARE: ReadonlyArray<(i: number) => string> = [
  (i) => `ERROR: CUDA error: out of memory (recoverable, tick ${i})`,
  () => '  current device: 0, in function ggml_cuda_pool_malloc at ggml-cuda.cu:390',
  (i) => `GGML_ASSERT(ctx->mem_buffer != NULL) failed (${i})`,
  () => 'Traceback (most recent call last):',
  (i) => `  File "/opt/vllm/engine.py", line ${i % 500}, in run`,
];

export function benchLine(i: number): string {
  const tpl = i % 97 === 0 ? RARE[(i / 97) % RARE.length] : TEMPLATES[i % TEMPLATES.length];
  return (tpl ?? TEMPLATES[0] ?? String)(i);
}

/** A plain ASCII line of exactly `chars` characters (for memory per held line). */
export function fixedLine(i: number, chars = 60): string {
  const head = `[bench] tick ${i}: kv cache `;
  return (head + 'x'.repeat(Math.max(0, chars - head.length))).slice(0, chars);
}
