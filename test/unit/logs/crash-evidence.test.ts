import { describe, expect, it } from 'vitest';
import { crashInLog } from '../../../main/core/logs/crash-evidence.js';
import { Logbook } from '../../../main/core/logs/logbook.js';
import type { LogEntry } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';

function log(texts: readonly string[]): LogEntry[] {
  const lb = new Logbook({ key: 's/m', cap: 1000, clock: new FakeClock() });
  lb.beginConnection();
  return texts.flatMap((text, i) => lb.ingest({ origin: 'history', ts: 1_000 + i * 10, text }));
}

describe('crash evidence in a model log', () => {
  it('the last crash line of the latest run counts', () => {
    expect(crashInLog(log(['llama_model_loader: loaded meta data', 'tick', 'GGML_ASSERT(x) failed', 'FATAL: boom', 'Killed']))).toBe('GGML_ASSERT(x) failed');
  });

  it('a success line or a new run clears it; a stop (Killed, exit code -9) is no crash', () => {
    expect(crashInLog(log(['FATAL: boom', 'main: server is listening on http://127.0.0.1:1 - starting the main loop']))).toBeNull();
    expect(crashInLog(log(['FATAL: boom', 'spawned pid 4242']))).toBeNull();
    expect(crashInLog(log(['FATAL: boom', 'llama_model_loader: loaded meta data with 33 key-value pairs']))).toBeNull();
    expect(crashInLog(log(['tick', 'Killed', 'process exited code=-9']))).toBeNull();
    expect(crashInLog(log(['tick', 'process exited code=134']))).toBe('process exited code=134');
    // Its most specific signature is model-load, but FATAL says the process died.
    expect(crashInLog(log(['tick', 'FATAL: failed to load model, exiting with status 1']))).toBe('FATAL: failed to load model, exiting with status 1');
  });
});
