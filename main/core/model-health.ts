// A model's health in one word, for the tab dot, the tray icon and the statistics cards: users read
// red as "broken", so the colour follows the model (failed / starting / ready / stopped), not the
// stream. The stream's connection state is a secondary mark next to it.
import type { ModelStatus, SignatureId } from './types.js';

export type ModelHealth = 'failed' | 'starting' | 'ready' | 'stopped' | 'unknown';

/** Worst first: the order broken models sort in and the tray picks its icon by. */
export const HEALTH_ORDER: readonly ModelHealth[] = ['failed', 'starting', 'ready', 'stopped', 'unknown'];

/**
 * Signatures that mean the model cannot serve, even when the server still says `routing`
 * (a model that logged "failed to load model" is not ready). Out-of-memory and KV-cache errors are
 * left out: a request fails, the model usually keeps serving.
 */
export const BREAKING_SIGNATURES: ReadonlySet<SignatureId> = new Set(['model-load', 'ggml-assert', 'fatal', 'segfault', 'exit-code', 'port-in-use']);

/** The last error line since the lifecycle last changed, when it names a breaking failure. */
export function breakingLogError(m: ModelStatus): NonNullable<ModelStatus['lastError']> | null {
  const e = m.lastError;
  if (!e || e.signature === undefined || !BREAKING_SIGNATURES.has(e.signature)) return null;
  return e.ts >= m.lifecycleSince ? e : null;
}

export function modelHealth(m: ModelStatus): ModelHealth {
  switch (m.lifecycle) {
    case 'failed':
      return 'failed';
    case 'starting':
    case 'init_script':
    case 'health_check':
      return breakingLogError(m) ? 'failed' : 'starting';
    case 'routing':
      return breakingLogError(m) ? 'failed' : 'ready';
    case 'stopped':
      return 'stopped';
    case 'unknown':
      // Generations without a lifecycle (v1-seed): the stream is all we know.
      if (m.connection === 'connected') return breakingLogError(m) ? 'failed' : 'ready';
      if (m.connection === 'connecting') return 'starting';
      if (m.connection === 'not-running') return 'stopped';
      return 'unknown';
  }
}
