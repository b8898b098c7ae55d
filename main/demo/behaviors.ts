// What the fake model processes print: llama.cpp-like (and one vLLM-like) output per behaviour.
// Pure functions of (model, tick, random), so scripted runs are reproducible from the seed.
import type { DemoBehavior, DemoGeneration, ModelDef } from './demo-types.js';
import { VLLM_STATS_EVERY_TICKS, llamaLoadLines, llamaTimingLines, vllmStatsLine } from './vitals-output.js';

export interface ChildLine {
  text: string;
  stream: 'out' | 'err';
}

export interface TickOutput {
  lines: ChildLine[];
  crash: boolean;
}

const out = (text: string): ChildLine => ({ text, stream: 'out' });
const err = (text: string): ChildLine => ({ text, stream: 'err' });

export const CRASH_AFTER_TICKS = 12;
export const BURST_EVERY_TICKS = 10;
export const BURST_SIZE = 100;

export function diesAtStart(behavior: DemoBehavior): boolean {
  return behavior === 'dies-at-start' || behavior === 'vllm-kv';
}

function behaviorArg(behavior: DemoBehavior): string {
  switch (behavior) {
    case 'healthy':
    case 'embedding':
    case 'silent':
      return '--behavior ok';
    case 'recoverable-oom':
      return '--behavior oom-every=10';
    case 'crash-later':
      return `--behavior crash-after=${CRASH_AFTER_TICKS}`;
    case 'dies-at-start':
      return '--behavior crash-at-start';
    case 'burst':
      return `--burst ${BURST_SIZE}`;
    case 'vllm-kv':
      return '--behavior vllm-kv-cache';
    case 'vllm':
      return '--behavior ok';
  }
}

/** The command line LLM-Manager shows as the model's launch script. */
export function launchCommand(def: ModelDef): string {
  if (def.behavior === 'vllm-kv' || def.behavior === 'vllm') {
    return `/usr/bin/python3 -m vllm.entrypoints.openai.api_server --model /models/${def.name} --port ${def.port} --gpu-memory-utilization 0.95`;
  }
  return `/usr/bin/python3 -u /opt/llm/fake_model.py --name ${def.name} --port ${def.port} ${behaviorArg(def.behavior)} --pidfile /opt/llm/run/pids/${def.name}.pid`;
}

/** `HH:MM:SS` and `MM-DD HH:MM:SS` in local time, as the fake processes print them. */
function clockParts(epochMs: number): { hms: string; mdhms: string } {
  const d = new Date(epochMs);
  const p = (n: number): string => String(n).padStart(2, '0');
  const hms = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return { hms, mdhms: `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hms}` };
}

/** Python's time.ctime(): `Sat Nov 28 19:59:30 2026`. */
export function pythonCtime(epochMs: number): string {
  const d = new Date(epochMs);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, ' ');
  return `${days[d.getDay()] ?? 'Sun'} ${months[d.getMonth()] ?? 'Jan'} ${day} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

/** Lines printed right after the process is spawned (model loading). */
export function startupLines(def: ModelDef, pid: number, epochMs: number): ChildLine[] {
  const { hms, mdhms } = clockParts(epochMs);
  if (def.behavior === 'vllm') {
    return [
      out(`INFO ${mdhms} [__init__.py:216] Automatically detected platform cuda.`),
      out(`INFO ${mdhms} [api_server.py:1896] vLLM API server version 0.10.1`),
      out(`INFO ${mdhms} [gpu_model_runner.py:1892] Model loading took 14.9889 GiB and 6.201847 seconds`),
      out(`INFO ${mdhms} [kv_cache_utils.py:833] GPU KV cache size: 181,104 tokens`),
      out(`INFO ${mdhms} [core.py:214] init engine (profile, create kv cache, warmup model) took 31.27 seconds`),
    ];
  }
  if (def.behavior === 'vllm-kv') {
    return [
      out(`INFO ${mdhms} [__init__.py:239] Automatically detected platform cuda.`),
      out(`INFO ${mdhms} [api_server.py:1034] vLLM API server version 0.8.5`),
      out(`INFO ${mdhms} [config.py:689] This model supports multiple tasks: {'generate'}. Defaulting to 'generate'.`),
      err(`WARNING ${mdhms} [utils.py:2273] We must use the \`spawn\` multiprocessing start method.`),
      out(`INFO ${mdhms} [model_runner.py:1110] Loading model weights took 14.2466 GB`),
      out(`INFO ${mdhms} [worker.py:267] Memory profiling takes 2.51 seconds`),
    ];
  }
  return [
    err(`W ${hms} kv cache quantization disabled (stderr warning line)`),
    out(`ggml_init: fake backend for model '${def.name}' (pid ${pid})`),
    out(`llama_model_loader: loaded meta data with 33 key-value pairs from /models/${def.name}.gguf`),
    out('llm_load_tensors: offloading 48 repeating layers to GPU'),
    out('WARNING: flash attention requested but not supported on this device, falling back'),
    ...(def.mode === 'Embedding' ? [] : llamaLoadLines().map(out)),
  ];
}

/** Last words of a model that dies while loading (it never answers the health check). */
export function deathLines(def: ModelDef, epochMs: number): ChildLine[] {
  if (def.behavior === 'vllm-kv') {
    const { mdhms } = clockParts(epochMs);
    return [
      err(`ERROR ${mdhms} [core.py:396] EngineCore failed to start.`),
      err('Traceback (most recent call last):'),
      err('  File "/usr/lib/python3/dist-packages/vllm/v1/engine/core.py", line 387, in run_engine_core'),
      err('ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.'),
    ];
  }
  return [
    out('ERROR: CUDA error: out of memory'),
    out('  current device: 0, in function ggml_cuda_op_mul_mat at ggml-cuda.cu:1234'),
    out('FATAL: failed to load model, exiting with status 1'),
  ];
}

/** Printed once the model's server accepts connections (just before routing). */
export function readyLines(def: ModelDef): ChildLine[] {
  if (def.behavior === 'vllm') {
    return [out('INFO:     Started server process [1]'), out('INFO:     Application startup complete.')];
  }
  return [
    ...(def.mode === 'Embedding' ? [] : [out('srv  llama_server: model loaded')]),
    out(`main: server is listening on http://127.0.0.1:${def.port} - starting the main loop`),
    out('INFO: model loaded, ready to serve requests'),
  ];
}

/** The manager's two-phase health check, as the model's own request log shows it. */
export function probeLines(def: ModelDef): ChildLine[] {
  const deep: Record<ModelDef['mode'], string> = {
    Chat: 'POST /v1/chat/completions',
    Embedding: 'POST /v1/embeddings',
    Reranker: 'POST /v1/rerank',
    Base: 'POST /v1/completions',
  };
  return [
    out('srv  log_server_r: request: GET /v1/models 127.0.0.1 200'),
    out(`srv  log_server_r: request: ${deep[def.mode]} 127.0.0.1 200`),
  ];
}

export function requestLine(path: string, status = 200): ChildLine {
  return out(`srv  log_server_r: request: POST ${path} 127.0.0.1 ${status}`);
}

export const DEFAULT_CRASH_WORDS: readonly string[] = [
  'GGML_ASSERT(ctx->mem_buffer != NULL) failed',
  'FATAL: fake backend crashed (abort)',
  'Killed',
];

/** One scripted second of a running model (epochMs: the time, for vLLM's log prefix). */
export function tickOutput(def: ModelDef, tick: number, random: () => number, epochMs = 0): TickOutput {
  const name = def.name;
  const b = def.behavior;
  if (b === 'silent') return { lines: [], crash: false };
  if (b === 'vllm') {
    const lines: ChildLine[] = [];
    if (tick % 2 === 0) lines.push(out(`INFO:     127.0.0.1:${40000 + (tick % 20000)} - "POST /v1/chat/completions HTTP/1.1" 200 OK`));
    if (tick % VLLM_STATS_EVERY_TICKS === 0) lines.push(out(vllmStatsLine(def, tick, epochMs)));
    return { lines, crash: false };
  }
  if (b === 'crash-later' && tick >= CRASH_AFTER_TICKS) return { lines: [], crash: true };
  const lines: ChildLine[] = [];
  if (b === 'burst' && tick % BURST_EVERY_TICKS === 0) {
    for (let i = 1; i <= BURST_SIZE; i++) lines.push(out(`[${name}] burst line ${i}/${BURST_SIZE} (tick ${tick})`));
  }
  if (b === 'recoverable-oom' && tick % 10 === 0) {
    lines.push(err(`ERROR: CUDA error: out of memory (recoverable, tick ${tick})`));
  } else if (tick % 5 === 0 && b !== 'embedding') {
    lines.push(out(`WARNING: slot 1 context shift: n_keep=0 (tick ${tick})`));
  } else {
    lines.push(out(`[${name}] tick ${tick}: slots idle, kv cache usage 0.${tick % 10}%`));
  }
  if (b === 'embedding' && tick % 3 === 0) lines.push(requestLine('/v1/embeddings'));
  if (b !== 'embedding' && tick % 7 === 3) {
    const tokens = 16 + Math.floor(random() * 480);
    const secs = (0.2 + random() * 3).toFixed(1);
    lines.push(requestLine('/v1/chat/completions'));
    for (const l of llamaTimingLines(def, tick, tick, tokens)) lines.push(out(l));
    lines.push(out(`[${name}] 请求完成: 生成 ${tokens} 个 token，耗时 ${secs} 秒`));
  }
  if (tick % 11 === 4) {
    lines.push(err(`\u001b[33mwarn\u001b[0m: slot 0 prompt truncated to 4096 tokens (tick ${tick})`));
  }
  if (tick % 13 === 6) {
    lines.push(out(`\u001b[32mINFO\u001b[0m: slot 0 released, ${Math.floor(random() * 90) + 10} tokens/s`));
  }
  return { lines, crash: false };
}

/** The default demo model set, named like the real-server captures. */
export function defaultDemoSpecs(generation: DemoGeneration): Array<{
  name: string;
  aliases?: string[];
  mode: ModelDef['mode'];
  behavior: DemoBehavior;
  failToStart?: string;
}> {
  const noDevice =
    generation === 'v3'
      ? "no adaptive scheme (required ['RTX 4060'], online ['CPU'])"
      : "启动 'fake-gpu-c' 失败：没有适合当前设备状态 ['CPU'] 的配置方案";
  return [
    { name: 'fake-chat-a', aliases: ['chat-a-alias'], mode: 'Chat', behavior: 'healthy' },
    { name: 'fake-embed-b', mode: 'Embedding', behavior: 'embedding' },
    { name: 'fake-gpu-c', mode: 'Chat', behavior: 'healthy', failToStart: noDevice },
    { name: 'fake-crash-d', mode: 'Chat', behavior: 'crash-later' },
    { name: 'fake-dead-e', mode: 'Chat', behavior: 'dies-at-start' },
    { name: 'fake-burst-f', mode: 'Chat', behavior: 'burst' },
    { name: 'fake-oom-g', aliases: ['oom-g'], mode: 'Chat', behavior: 'recoverable-oom' },
    { name: 'fake-vllm-h', mode: 'Chat', behavior: 'vllm-kv' },
    { name: 'fake-vllm-i', mode: 'Chat', behavior: 'vllm' },
  ];
}
