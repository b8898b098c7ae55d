// Public shapes of the demo server (re-exported by server.ts) plus the internal model definition.

export type DemoGeneration = 'v1-seed' | 'v1-oct' | 'v2' | 'v3';

export type DemoBehavior =
  | 'healthy'
  | 'recoverable-oom'
  | 'crash-later'
  | 'dies-at-start'
  | 'burst'
  | 'embedding'
  | 'vllm-kv'
  | 'vllm'
  | 'silent';

export type DemoModelMode = 'Chat' | 'Embedding' | 'Reranker' | 'Base';

export type DemoModelStatus = 'stopped' | 'starting' | 'init_script' | 'health_check' | 'routing' | 'failed';

export interface DemoModelSpec {
  name: string;
  aliases?: string[];
  mode?: DemoModelMode;
  behavior?: DemoBehavior;
  autoStart?: boolean;
  /** Start fails at once with this failure message (e.g. no device for the scheme). */
  failToStart?: string;
}

export type DemoFault =
  | null
  | { kind: 'html-502' }
  | { kind: 'drip'; bytesPerTick: number; tickMs: number }
  | { kind: 'reset-mid-frame' }
  | { kind: 'refuse' }
  /**
   * v1-oct / v2 while the real server shuts down (seen on the real Oct 2025 server, session 9): its
   * thread pool is already gone, so the model list (`all-models/info`, which runs on it through
   * `asyncio.to_thread`) answers 500 `服务器内部错误: cannot schedule new futures after shutdown`; what
   * does not use the pool (health, one model's info, the streams) still answers.
   */
  | { kind: 'executor-shutdown' };

/** A normalised model definition: aliases always start with the primary name. */
export interface ModelDef {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly mode: DemoModelMode;
  readonly behavior: DemoBehavior;
  readonly autoStart: boolean;
  readonly failToStart: string | null;
  readonly port: number;
}

export interface EmitOptions {
  level?: 'info' | 'error';
  stream?: 'out' | 'err';
}
