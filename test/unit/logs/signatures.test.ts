import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../../main/core/logs/classifier.js';
import { HINTS, SIGNATURES, matchSignature, signatureDef } from '../../../main/core/logs/signatures.js';
import type { SignatureId } from '../../../main/core/types.js';

const ALL_IDS: SignatureId[] = [
  'cuda-oom', 'host-oom', 'kv-cache', 'port-in-use', 'ggml-assert', 'fatal',
  'segfault', 'killed', 'exit-code', 'model-load', 'traceback', 'generic-error',
];

const POSITIVES: Array<[SignatureId, string]> = [
  ['cuda-oom', 'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9216.00 MiB on device 0: cudaMalloc failed: out of memory'],
  ['cuda-oom', 'llama_model_load: error loading model: unable to allocate CUDA0 buffer'],
  ['cuda-oom', 'alloc_tensor_range: failed to allocate CUDA0 buffer of size 1073741824'],
  ['cuda-oom', 'CUDA error: out of memory'],
  ['cuda-oom', 'ERROR: CUDA error: out of memory (recoverable, tick 10)'],
  ['cuda-oom', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.'],
  ['cuda-oom', 'torch.cuda.OutOfMemoryError: CUDA out of memory.'],
  ['host-oom', "terminate called after throwing an instance of 'std::bad_alloc'"],
  ['host-oom', 'mmap failed: Cannot allocate memory'],
  ['host-oom', 'Out of memory: Killed process 4242 (llama-server)'],
  ['kv-cache', 'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization`'],
  ['kv-cache', "ValueError: The model's max seq len (131072) is larger than the maximum number of tokens that can be stored in KV cache (43808)."],
  ['port-in-use', "main: error: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 8080"],
  ['port-in-use', "OSError: [Errno 98] Address already in use"],
  ['port-in-use', 'Error: listen EADDRINUSE: address already in use :::8080'],
  ['port-in-use', 'ERROR: [Errno 10048] error while attempting to bind on address'],
  ['port-in-use', '[WinError 10048] 通常每个套接字地址(协议/网络地址/端口)只允许使用一次。'],
  ['ggml-assert', '/opt/llama.cpp/ggml/src/ggml.c:1623: GGML_ASSERT(view_src == NULL || data_size == 0) failed'],
  ['fatal', 'FATAL: fake backend crashed (abort)'],
  ['fatal', 'fatal error: unexpected signal during runtime execution'],
  ['segfault', 'Segmentation fault (core dumped)'],
  ['segfault', 'Fatal Python error: Segmentation fault'],
  ['killed', 'Killed'],
  ['killed', '/bin/sh: line 1: 4242 Killed                  ./llama-server -m model.gguf'],
  ['exit-code', 'process exited code=134'],
  ['exit-code', 'process exited code=-6'],
  ['exit-code', 'llama-server exited with code 1'],
  ['exit-code', 'worker exited with status 137'],
  ['exit-code', "subprocess.CalledProcessError: Command '['x']' returned non-zero exit status 1."],
  ['exit-code', 'exit code -11'],
  ['model-load', 'llama_load_model_from_file: failed to load model'],
  ['model-load', 'llama_model_load: error loading model: invalid model file'],
  ['model-load', 'common_init_from_params: failed to load model \'/models/x.gguf\''],
  ['traceback', 'Traceback (most recent call last):'],
];

const NEGATIVES: string[] = [
  '[fake-chat-a] tick 3: slots idle, kv cache usage 0.3%',
  'W 20:00:32 kv cache quantization disabled (stderr warning line)',
  'llama_kv_cache_init:      CUDA0 KV buffer size =  1024.00 MiB',
  'llm_load_tensors: offloading 48 repeating layers to GPU',
  'llama_model_loader: loaded meta data with 33 key-value pairs from /models/fake-chat-a.gguf',
  'main: server is listening on http://127.0.0.1:18101 - starting the main loop',
  'exited with code 0',
  'process exited code=0',
  'process exited code=-9',
  'process exited code=-15',
  'model loaded, memory usage 4.2 GiB',
  'srv  log_server_r: request: GET /v1/models 127.0.0.1 200',
  'killed_requests=0',
  'INFO: model loaded, ready to serve requests',
];

describe('matchSignature', () => {
  it.each(POSITIVES)('%s ← %j', (id, text) => {
    expect(matchSignature(text)).toBe(id);
  });

  it.each(POSITIVES)('the classifier (with its keyword screen) finds %s in %j', (id, text) => {
    expect(classifyLine(text, undefined, null)).toMatchObject({ level: 'error', signature: id });
  });

  it.each(NEGATIVES)('no signature in %j', (text) => {
    expect(matchSignature(text)).toBeUndefined();
  });

  it('never returns generic-error (that depends on the level)', () => {
    expect(matchSignature('ERROR: something broke')).toBeUndefined();
  });
});

describe('SIGNATURES and HINTS', () => {
  it('cover every SignatureId exactly once, with hint keys and both languages', () => {
    expect(SIGNATURES.map((s) => s.id).sort()).toEqual([...ALL_IDS].sort());
    for (const id of ALL_IDS) {
      const d = signatureDef(id);
      expect(d.hintKey).toBe(`hint.${id}`);
      expect(d.hint).toBe(HINTS[id].en);
      expect(HINTS[id].en.length).toBeGreaterThan(10);
      expect(HINTS[id]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the OOM hint tells what to change', () => {
    expect(HINTS['cuda-oom'].en).toMatch(/context size|GPU layers/);
  });
});

describe('signature prefilter (one combined regex in front of the table)', () => {
  it('stays a superset of the table: no pattern uses flags or back-references it cannot honour', () => {
    for (const sig of SIGNATURES) {
      for (const p of sig.patterns) {
        expect(['', 'i'], `${sig.id} ${p.source}`).toContain(p.flags);
        expect(/\\[1-9]|\\k</.test(p.source), `${sig.id} ${p.source}`).toBe(false);
      }
    }
  });
});
