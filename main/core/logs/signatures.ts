// Failure signatures (product.md §3): the handful of ways a local model server dies, each with a
// one-line hint. Order matters: the first match wins, so specific causes (out of memory) come before
// the symptoms they produce (FATAL, exit codes).
import type { SignatureId } from '../types.js';

/**
 * Signatures that mean the process died (the log's own evidence, crash-evidence.ts). `Killed` is left
 * out: the shell prints it on an ordinary stop too (and a stop's exit codes -9/-15 are not matched by
 * 'exit-code').
 */
export const PROCESS_DIED_SIGNATURES: ReadonlySet<SignatureId> = new Set(['ggml-assert', 'fatal', 'segfault', 'exit-code']);

/**
 * Signatures a crash alert is raised for (alerts/policy.ts): the above plus `Killed` (the OOM killer);
 * an ordinary stop's `Killed` is told apart there by our own stop request (STOP_QUIET_MS).
 */
export const CRASH_ALERT_SIGNATURES: ReadonlySet<SignatureId> = new Set([...PROCESS_DIED_SIGNATURES, 'killed']);

export interface SignatureDef {
  readonly id: SignatureId;
  /** Any one matching is enough. `generic-error` has none: it is assigned to unmatched error lines. */
  readonly patterns: readonly RegExp[];
  /** English one-liner; UIs translate through hintKey. */
  readonly hint: string;
  readonly hintKey: string;
}

export const HINTS: Readonly<Record<SignatureId, { readonly en: string; readonly 'zh-CN': string }>> = {
  'cuda-oom': {
    en: 'GPU out of memory: lower context size or GPU layers (-c / -ngl), or free VRAM',
    'zh-CN': '显存不足：降低上下文长度或 GPU 层数（-c / -ngl），或释放显存',
  },
  'host-oom': {
    en: 'System memory exhausted: free RAM, use a smaller or more quantized model, or lower context size',
    'zh-CN': '系统内存不足：释放内存，换用更小或量化程度更高的模型，或降低上下文长度',
  },
  'kv-cache': {
    en: 'KV cache too small: lower --max-model-len / context size, or raise --gpu-memory-utilization',
    'zh-CN': 'KV 缓存不足：降低 --max-model-len / 上下文长度，或提高 --gpu-memory-utilization',
  },
  'port-in-use': {
    en: "Port already in use: stop the process holding it or change the model's port",
    'zh-CN': '端口已被占用：停止占用该端口的进程，或修改模型端口',
  },
  'ggml-assert': {
    en: 'llama.cpp assertion failed: check the model file, the llama.cpp build and the parameters',
    'zh-CN': 'llama.cpp 断言失败：检查模型文件、llama.cpp 版本与启动参数',
  },
  fatal: {
    en: 'Fatal error: the process stopped; the lines above usually name the cause',
    'zh-CN': '致命错误：进程已终止，上方日志通常给出原因',
  },
  segfault: {
    en: 'Segmentation fault: often a driver/build mismatch or a corrupt model file',
    'zh-CN': '段错误：常见原因是驱动与程序版本不匹配，或模型文件损坏',
  },
  killed: {
    en: 'Process killed: usually the system ran out of memory (OOM killer) or the model was stopped',
    'zh-CN': '进程被杀死：通常是系统内存耗尽（OOM killer）或模型被停止',
  },
  'exit-code': {
    en: 'The process exited with an error code: see the lines above for the cause',
    'zh-CN': '进程以错误码退出：请查看上方日志寻找原因',
  },
  'model-load': {
    en: 'Model failed to load: check the model path, the file (complete, not corrupt) and format support',
    'zh-CN': '模型加载失败：检查模型路径、文件是否完整以及格式是否受支持',
  },
  traceback: {
    en: 'Python exception: the last line of the traceback names the cause',
    'zh-CN': 'Python 异常：回溯信息的最后一行指出了原因',
  },
  'generic-error': {
    en: 'The model process reported an error',
    'zh-CN': '模型进程报告了错误',
  },
};

function def(id: SignatureId, patterns: readonly RegExp[]): SignatureDef {
  return { id, patterns, hint: HINTS[id].en, hintKey: `hint.${id}` };
}

// Bounded gaps (.{0,N}) instead of .*: a giant line full of "cuda" must not cost quadratic time.
const GPU_WORDS = String.raw`(?:cuda\w*|gpu|vram|device|hip|rocm|vulkan|metal|sycl|cublas)`;

export const SIGNATURES: readonly SignatureDef[] = [
  def('cuda-oom', [
    /\bcudaMalloc(?:Async|Host)? failed\b/i,
    /\b(?:unable|failed) to allocate (?:CUDA|ROCm|Vulkan|Metal|SYCL)\d* buffer\b/i,
    /\bCUDA error:? out of memory\b/i,
    /\bCUDA out of memory\b/i,
    /\btorch\.(?:cuda\.)?OutOfMemoryError\b/,
    /\bCUBLAS_STATUS_ALLOC_FAILED\b/,
    /\bhipMalloc failed\b/i,
    new RegExp(String.raw`\b${GPU_WORDS}\b.{0,160}?\bout of (?:device )?memory\b|\bout of (?:device|video) memory\b`, 'i'),
    /显存不足/,
  ]),
  def('host-oom', [
    /\bstd::bad_alloc\b/,
    /\bCannot allocate memory\b/i,
    /\bMemoryError\b/,
    /\bOut of memory: Killed process\b/i,
    /\bout of memory\b/i,
    /内存不足/,
  ]),
  def('kv-cache', [
    /\bNo available memory for the cache blocks\b/i,
    /\bmax seq len\b.{0,80}?\blarger than\b.{0,160}?\bKV cache\b/i,
    /\binsufficient (?:memory for )?KV cache\b/i,
    /\bkv[ _]cache\w*: failed to allocate\b/i,
    /\bfailed to allocate\b.{0,80}?\bKV cache\b/i,
  ]),
  def('port-in-use', [
    /\bcouldn't bind HTTP server socket\b/i,
    /\bErrno 98\b/,
    /\bEADDRINUSE\b/,
    /\baddress already in use\b/i,
    /\bErrno 10048\b|\bWSAEADDRINUSE\b|only one usage of each socket address/i,
    /每个套接字地址.{0,40}?只允许使用一次|端口.{0,40}?被占用/,
  ]),
  def('model-load', [
    /\bfailed to load (?:the )?model\b/i,
    /\berror loading model\b/i,
    /\bunable to load model\b/i,
    /\bllama_(?:load_)?model_load\w*: (?:error|failed)\b/i,
    /模型加载失败|加载模型失败/,
  ]),
  def('ggml-assert', [/\bGGML_ASSERT\b/, /\bGGML_ABORT\b/]),
  def('segfault', [/\bSegmentation fault\b/i, /\bSIGSEGV\b/, /\bsegfault\b/i, /段错误/]),
  def('killed', [/(?:^|[\s:])Killed(?:\s|$)/, /\bkilled by signal\b/i, /\bSIGKILL\b/, /\bsignal 9\b/]),
  // -9 / -15 are SIGKILL / SIGTERM: how a stop ends the process (v3 logs `process exited code=-9` on a
  // user stop). A real crash by signal shows up as its own line (Killed, Segmentation fault) and as
  // the model's `failed` state, so those two codes alone are not an error.
  def('exit-code', [
    /\bexit(?:ed)?(?: with)?(?: exit)? (?:code|status)\s*[=:]?\s*(?:[1-9]\d*|-(?!(?:9|15)\b)\d+)\b/i,
    /\bnon-zero exit (?:status|code)\b/i,
    /\breturn(?:ed)? code\s*[=:]?\s*(?:[1-9]\d*|-\d+)\b/i,
    /退出码\s*[:：]?\s*(?:[1-9]\d*|-\d+)/,
  ]),
  def('fatal', [/\bFATAL\b/, /\bfatal error\b/i, /\bFatal Python error\b/, /致命错误/]),
  def('traceback', [/\bTraceback \(most recent call last\)/, /^Traceback\b/]),
  def('generic-error', []),
];

const SPECIFIC = SIGNATURES.filter((s) => s.patterns.length > 0);

// Every pattern in one case-insensitive alternation: a superset of what the table matches (the
// patterns have no back-references, and ignoring case only widens a match), so a line it rejects
// has no signature. One scan instead of ~50 for the many lines that pass the classifier's gate.
const ANY_SPECIFIC = new RegExp(SPECIFIC.flatMap((s) => s.patterns.map((p) => `(?:${p.source})`)).join('|'), 'i');

/**
 * The specific failure signature of one line (already stripped of ANSI), or undefined.
 * Never returns 'generic-error': that depends on the line's level, which the classifier decides.
 */
export function matchSignature(text: string): SignatureId | undefined {
  if (!ANY_SPECIFIC.test(text)) return undefined;
  for (const sig of SPECIFIC) {
    for (const re of sig.patterns) if (re.test(text)) return sig.id;
  }
  return undefined;
}

export function signatureDef(id: SignatureId): SignatureDef {
  const found = SIGNATURES.find((s) => s.id === id);
  // SIGNATURES covers every SignatureId; the fallback only satisfies the type checker.
  return found ?? def(id, []);
}
