import { describe, expect, it } from 'vitest';
import { classifyLine, nextHead, stripAnsi, type ClassifiedHead } from '../../../main/core/logs/classifier.js';
import type { Level, SignatureId } from '../../../main/core/types.js';
import { fixtureLines, fixtureNames } from './fixture-frames.js';

const T0 = 1_795_896_032_000;

describe('stripAnsi', () => {
  it.each([
    ['\u001b[33mwarn\u001b[0m text', 'warn text'],
    ['\u001b[1;31mERROR\u001b[m: x', 'ERROR: x'],
    ['\u001b]0;window title\u0007after', 'after'],
    ['\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['\u009b31mred\u009b0m', 'red'],
    ['plain 中文', 'plain 中文'],
    ['\u001b(Bcharset', 'charset'],
    ['dangling\u001b', 'dangling'],
  ])('%j → %j', (input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });
});

type Row = [text: string, serverLevel: string | undefined, level: Level, signature?: SignatureId];

const ROWS: Row[] = [
  // errors, with signatures (real llama.cpp / vLLM / manager lines)
  ['ERROR: CUDA error: out of memory (recoverable, tick 10)', undefined, 'error', 'cuda-oom'],
  ['ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9216.00 MiB on device 0: cudaMalloc failed: out of memory', undefined, 'error', 'cuda-oom'],
  ['alloc_tensor_range: failed to allocate CUDA0 buffer of size 9663676416', undefined, 'error', 'cuda-oom'],
  ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB', undefined, 'error', 'cuda-oom'],
  ['GGML_ASSERT(ctx->mem_buffer != NULL) failed', undefined, 'error', 'ggml-assert'],
  ['/opt/llama.cpp/ggml/src/ggml.c:1623: GGML_ASSERT(view_src == NULL || data_size == 0) failed', undefined, 'error', 'ggml-assert'],
  ['FATAL: fake backend crashed (abort)', undefined, 'error', 'fatal'],
  ['Killed', undefined, 'error', 'killed'],
  ['Segmentation fault (core dumped)', undefined, 'error', 'segfault'],
  ['process exited code=134', undefined, 'error', 'exit-code'],
  ['llama_model_load: error loading model: tensor data is not within the file bounds', undefined, 'error', 'model-load'],
  ['main: error: couldn\'t bind HTTP server socket, hostname: 127.0.0.1, port: 8080', undefined, 'error', 'port-in-use'],
  ['ERROR:    [Errno 98] error while attempting to bind on address (\'0.0.0.0\', 8000): address already in use', undefined, 'error', 'port-in-use'],
  ['ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.', undefined, 'error', 'kv-cache'],
  ['Traceback (most recent call last):', undefined, 'error', 'traceback'],
  ['terminate called after throwing an instance of \'std::bad_alloc\'', undefined, 'error', 'host-oom'],
  // errors without a specific signature
  ['ERROR 11-28 20:00:13 [engine.py:123] EngineCore failed to start.', undefined, 'error', 'generic-error'],
  ['(APIServer pid=4242) ERROR 11-28 20:00:13 [core.py:1] something broke', undefined, 'error', 'generic-error'],
  ['E 20:00:13 srv  load_model: something went wrong', undefined, 'error', 'generic-error'],
  ['RuntimeError: Engine core initialization failed. See root cause above.', undefined, 'error', 'generic-error'],
  ['启动模型进程失败: module \'subprocess\' has no attribute \'CREATE_NEW_PROCESS_GROUP\'', 'error', 'error', 'generic-error'],
  ['没有适合当前设备状态的配置方案', 'error', 'error', 'generic-error'], // manager level:"error" (v1-seed)
  ['加载模型时发生异常', undefined, 'error', 'generic-error'],
  ['ERROR something on stdout', 'info', 'error', 'generic-error'], // v3: stdout ERROR arrives as info
  // warnings
  ['W 20:00:32 kv cache quantization disabled (stderr warning line)', 'warn', 'warning'],
  ['WARNING: flash attention requested but not supported on this device, falling back', undefined, 'warning'],
  ['WARNING: slot 1 context shift: n_keep=0 (tick 5)', 'info', 'warning'],
  ['WARNING 11-28 20:00:13 [config.py:1] Casting torch.bfloat16 to torch.float16.', undefined, 'warning'],
  ['0.01.234.567 W llama_context: n_ctx_per_seq (4096) < n_ctx_train (131072)', undefined, 'warning'],
  ['FutureWarning: `resume_download` is deprecated and will be removed in version 1.0.0.', undefined, 'warning'],
  ['load_backend: failed to find ggml_backend_init, falling back to CPU', undefined, 'warning'],
  ['警告: 显卡驱动版本较旧', undefined, 'warning'],
  // success
  ['main: server is listening on http://127.0.0.1:18101 - starting the main loop', undefined, 'success'],
  ['INFO: model loaded, ready to serve requests', 'ok', 'success'],
  ['INFO:     Application startup complete.', undefined, 'success'],
  ['模型 qwen 启动成功', undefined, 'success'],
  // info, including the false positives the brief names
  ['srv  log_server_r: request: GET /v1/models 127.0.0.1 200', undefined, 'info'],
  ['srv  log_server_r: request: GET /api/ERROR/failed 127.0.0.1 200', undefined, 'info'],
  ['INFO:     127.0.0.1:53510 - "GET /errors/list HTTP/1.1" 200 OK', undefined, 'info'],
  ['[fake-chat-a] tick 3: slots idle, kv cache usage 0.3%', undefined, 'info'],
  ['metrics: requests=120 error_rate=0 latency_ms=35', undefined, 'info'],
  ['validation finished, errors: 0', undefined, 'info'],
  ['checked 12 tensors: no error', undefined, 'info'],
  ['build finished with 0 errors', undefined, 'info'],
  ['llama_model_loader: loaded meta data with 33 key-value pairs from /models/errors-test.gguf', undefined, 'info'],
  ['llm_load_tensors: offloading 48 repeating layers to GPU', 'warn', 'info'], // v3 stderr guess: not trusted
  ['exited with code 0', undefined, 'info'],
  ['使用配置方案: CPU', 'info', 'info'],
  ['检查完成，无错误', undefined, 'info'],
];

describe('classifyLine table', () => {
  it.each(ROWS)('%j (server %j) → %s %s', (text, serverLevel, level, signature) => {
    const c = classifyLine(text, serverLevel, null);
    expect(c.level).toBe(level);
    expect(c.signature).toBe(signature);
    expect(c.continuation).toBe(false);
  });

  it('classifies through ANSI colour codes', () => {
    expect(classifyLine('\u001b[31mERROR\u001b[0m: CUDA error: out of memory', undefined, null)).toMatchObject({ level: 'error', signature: 'cuda-oom' });
    expect(classifyLine('\u001b[33mwarn\u001b[0m: something odd', undefined, null).level).toBe('warning');
  });

  it('does not let a manager error hint override a negation', () => {
    expect(classifyLine('self-test done: no errors', 'error', null).level).toBe('info');
  });
});

describe('continuations', () => {
  function run(lines: Array<[text: string, dtMs: number]>): Array<{ level: Level; signature?: SignatureId; continuation: boolean }> {
    let head: ClassifiedHead | null = null;
    let ts = T0;
    return lines.map(([text, dt]) => {
      ts += dt;
      const c = classifyLine(text, undefined, head, ts);
      head = nextHead(head, c, ts);
      return c;
    });
  }

  it('a Python traceback body takes the head level; the exception line gets its own signature', () => {
    const out = run([
      ['Traceback (most recent call last):', 0],
      ['  File "/opt/vllm/engine.py", line 42, in run', 1],
      ['    self.model_executor.determine_num_available_blocks()', 1],
      ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB', 1],
    ]);
    expect(out.map((c) => [c.level, c.signature, c.continuation])).toEqual([
      ['error', 'traceback', false],
      ['error', 'traceback', true],
      ['error', 'traceback', true],
      ['error', 'cuda-oom', false],
    ]);
  });

  it('GGML_ASSERT follow-ups (gdb noise, frames) are continuations of the assert', () => {
    const out = run([
      ['/opt/llama.cpp/ggml/src/ggml-cuda.cu:70: GGML_ASSERT(ok) failed', 0],
      ['[New LWP 1234]', 2],
      ['#0  0x00007f1c2a0ea42f in __GI___wait4 (pid=1235) at ../sysdeps/unix/sysv/linux/wait4.c:30', 2],
      ['#1  0x000055d2c1a5b1c2 in ggml_abort ()', 2],
      ['./llama-server(+0x1a2b3c)[0x55d2c1a2b3c]', 2],
    ]);
    expect(out.every((c) => c.level === 'error' && c.signature === 'ggml-assert')).toBe(true);
    expect(out.slice(1).every((c) => c.continuation)).toBe(true);
  });

  it('CUDA error detail lines ("current device") follow the CUDA error', () => {
    const out = run([
      ['CUDA error: out of memory', 0],
      ['  current device: 0, in function ggml_cuda_pool_malloc at ggml-cuda.cu:390', 1],
      ['  cudaMalloc((void **) &ptr, look_ahead_size)', 1],
    ]);
    expect(out.map((c) => c.signature)).toEqual(['cuda-oom', 'cuda-oom', 'cuda-oom']);
    expect(out.map((c) => c.continuation)).toEqual([false, true, true]);
  });

  it('only when close in time to the head', () => {
    const out = run([
      ['Traceback (most recent call last):', 0],
      ['  File "/opt/x.py", line 1, in <module>', 5000],
    ]);
    expect(out[1]).toEqual({ level: 'info', continuation: false });
  });

  it('indented lines after an info head are classified on their own', () => {
    const out = run([
      ['llama_model_loader: Dumping metadata', 0],
      ['  - kv   0: general.architecture str = llama', 1],
      ['   ERROR: cannot read tensor', 1],
    ]);
    expect(out.map((c) => c.level)).toEqual(['info', 'info', 'error']);
  });

  it('frame-looking lines without indentation do not attach to a warning', () => {
    const out = run([
      ['WARNING: something', 0],
      ['#1 0x000055d2c1a5b1c2 in foo ()', 1],
    ]);
    expect(out[1]?.continuation).toBe(false);
  });
});

describe('the head nextHead leaves', () => {
  it('an info or success line leaves no head, and no head classifies as an info or success head would', () => {
    let compared = 0;
    const levels = new Set<Level>();
    for (const name of fixtureNames()) {
      let head: ClassifiedHead | null = null;
      const lines = fixtureLines(name);
      for (const [i, line] of lines.entries()) {
        const c = classifyLine(line.text, line.serverLevel, head, line.ts);
        levels.add(c.level);
        const after = nextHead(head, c, line.ts);
        if (c.level === 'info' || c.level === 'success') expect(after, line.text).toBeNull();
        else expect(after, line.text).toMatchObject({ level: c.level, ...(c.signature !== undefined ? { signature: c.signature } : {}) });
        // What a head object for this info/success line would have done to the next lines.
        const kept: ClassifiedHead = { level: c.level, ts: line.ts };
        if (after === null) {
          for (const ahead of [0, 1, 2]) {
            const next = lines[i + 1 + ahead];
            if (!next) break;
            expect(classifyLine(next.text, next.serverLevel, kept, next.ts), next.text).toEqual(classifyLine(next.text, next.serverLevel, null, next.ts));
            compared++;
          }
        }
        head = after;
      }
    }
    expect(levels).toEqual(new Set(['info', 'success', 'warning', 'error']));
    expect(compared).toBeGreaterThan(1000);
  });

  it('a continuation extends its error head (level, signature, newest time)', () => {
    const head = nextHead(null, classifyLine('Traceback (most recent call last):', undefined, null, T0), T0);
    expect(head).toMatchObject({ level: 'error', signature: 'traceback', ts: T0 });
    const c = classifyLine('  File "/opt/vllm/engine.py", line 42, in run', undefined, head, T0 + 5);
    expect(c.continuation).toBe(true);
    expect(nextHead(head, c, T0 + 5)).toEqual({ level: 'error', signature: 'traceback', ts: T0 + 5 });
  });
});

describe('every line of the real captures', () => {
  const names = fixtureNames();

  it('finds the captures', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it('crash/OOM lines are errors with the right signatures; ticks are info; warnings are warnings', () => {
    let checked = 0;
    for (const name of names) {
      let head: ClassifiedHead | null = null;
      for (const line of fixtureLines(name)) {
        const c = classifyLine(line.text, line.serverLevel, head, line.ts);
        head = nextHead(head, c, line.ts);
        const t = line.text;
        checked++;
        if (t.includes('CUDA error: out of memory')) expect(c, t).toMatchObject({ level: 'error', signature: 'cuda-oom' });
        else if (t.startsWith('GGML_ASSERT')) expect(c, t).toMatchObject({ level: 'error', signature: 'ggml-assert' });
        else if (t.startsWith('FATAL')) expect(c, t).toMatchObject({ level: 'error', signature: 'fatal' });
        else if (t === 'Killed') expect(c, t).toMatchObject({ level: 'error', signature: 'killed' });
        else if (/\btick \d+: slots idle/.test(t) || t.includes('burst line')) expect(c, t).toEqual({ level: 'info', continuation: false });
        else if (t.startsWith('WARNING') || /^W \d\d:/.test(t)) expect(c.level, t).toBe('warning');
        else if (t.includes('server is listening') || t.includes('ready to serve')) expect(c.level, t).toBe('success');
        else expect(c.level, t).toBe('info');
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });
});

describe('hostile input', () => {
  it('giant and odd lines classify without catastrophic backtracking', () => {
    const giant: Array<[string, Level]> = [
      ['a_'.repeat(100_000) + 'error_rate=0', 'info'],
      ['/'.repeat(200_000), 'info'],
      [' '.repeat(200_000) + 'x', 'info'],
      ['ERROR '.repeat(50_000), 'error'],
      ['\u001b['.repeat(50_000), 'info'],
      ['W 20:00:13 ' + 'x'.repeat(500_000), 'warning'],
      ['(' + '0'.repeat(100_000), 'info'],
      ['failed_'.repeat(50_000), 'info'],
      ['cuda '.repeat(50_000), 'info'],
      ['failed to allocate '.repeat(20_000), 'error'],
      ['max seq len larger than '.repeat(20_000), 'info'],
      ['端口'.repeat(100_000), 'info'],
      ['no '.repeat(100_000), 'info'],
      ['A'.repeat(200_000) + ' x', 'info'],
      ['"' + 'a'.repeat(200_000), 'info'],
      ['x - '.repeat(50_000), 'info'],
    ];
    for (const [text, level] of giant) expect(classifyLine(text, undefined, null).level).toBe(level);
  });

  it('log text is never altered, only classified', () => {
    const text = '<img src=x onerror=alert(1)> \u001b[31mERROR\u001b[0m';
    expect(classifyLine(text, undefined, null).level).toBe('error');
  });
});
