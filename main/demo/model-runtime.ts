// Model lifecycle shared by every generation: stopped → starting → init_script → health_check →
// routing | failed, fake child processes, scripted output. Generation differences (what goes into the
// log, what a crash does to the status) are decided by the hooks and the `generation` flag.
import {
  DEFAULT_CRASH_WORDS,
  deathLines,
  diesAtStart,
  launchCommand,
  probeLines,
  pythonCtime,
  readyLines,
  startupLines,
  tickOutput,
  type ChildLine,
} from './behaviors.js';
import type { DemoGeneration, DemoModelStatus, ModelDef } from './demo-types.js';
import { TimerBag } from './timers.js';

export type StartResult =
  | { kind: 'ok' }
  | { kind: 'already' }
  | { kind: 'failed'; message: string };

export interface LifecycleHooks {
  /** A manager message about the model (v1-seed writes it to the model log with a level). */
  managerLine(def: ModelDef, message: string, level: 'info' | 'error'): void;
  childLine(def: ModelDef, line: ChildLine): void;
  spawned(def: ModelDef, pid: number): void;
  exited(def: ModelDef, code: number): void;
  statusChanged(def: ModelDef): void;
}

export interface ModelState {
  def: ModelDef;
  status: DemoModelStatus;
  pid: number | null;
  failureReason: string | null;
  /** Epoch seconds. */
  startedAt: number | null;
  lastAccess: number | null;
  alive: boolean;
  tick: number;
  run: number;
  timers: TimerBag;
  starting: Promise<StartResult> | null;
  finishStart: ((r: StartResult) => void) | null;
}

export interface RuntimeOptions {
  generation: DemoGeneration;
  startupMs: number;
  healthCheckTimeoutMs: number;
  scripted: boolean;
  startupLogs: boolean;
  tickMs: number;
  random: () => number;
  now: () => number;
  hooks: LifecycleHooks;
}

const MODE_WORD: Record<ModelDef['mode'], string> = { Chat: '聊天', Embedding: '嵌入', Reranker: '重排序', Base: '补全' };

export class ModelRuntime {
  private readonly models = new Map<string, ModelState>();
  private nextPid: number;

  constructor(private readonly opts: RuntimeOptions) {
    this.nextPid = 13000 + Math.floor(opts.random() * 9000);
  }

  list(): ModelState[] {
    return [...this.models.values()];
  }

  /** By primary name or any alias. */
  find(nameOrAlias: string): ModelState | undefined {
    const direct = this.models.get(nameOrAlias);
    if (direct) return direct;
    for (const m of this.models.values()) if (m.def.aliases.includes(nameOrAlias)) return m;
    return undefined;
  }

  get(nameOrAlias: string): ModelState {
    const m = this.find(nameOrAlias);
    if (!m) throw new Error(`demo server: unknown model '${nameOrAlias}'`);
    return m;
  }

  add(def: ModelDef): ModelState {
    const state: ModelState = {
      def,
      status: 'stopped',
      pid: null,
      failureReason: null,
      startedAt: null,
      lastAccess: null,
      alive: false,
      tick: 0,
      run: 0,
      timers: new TimerBag(),
      starting: null,
      finishStart: null,
    };
    this.models.set(def.name, state);
    return state;
  }

  remove(name: string): void {
    const m = this.find(name);
    if (!m) return;
    m.timers.clearAll();
    m.finishStart?.({ kind: 'failed', message: '模型已删除' });
    this.models.delete(m.def.name);
  }

  clearAllTimers(): void {
    for (const m of this.models.values()) m.timers.clearAll();
  }

  /** Server closed: cancel everything and settle pending starts so no caller waits forever. */
  abortAll(): void {
    for (const m of this.models.values()) {
      m.run++;
      m.timers.clearAll();
      m.finishStart?.({ kind: 'failed', message: 'demo server closed' });
    }
  }

  setStatus(m: ModelState, status: DemoModelStatus, failureReason?: string | null): void {
    m.status = status;
    if (failureReason !== undefined) m.failureReason = failureReason;
    else if (status !== 'failed') m.failureReason = null;
    if (status === 'stopped' || status === 'failed') {
      m.pid = null;
      m.startedAt = null;
    }
    if (status === 'routing') {
      if (m.pid === null) m.pid = this.nextPid++;
      const t = this.opts.now() / 1000;
      m.startedAt ??= t;
      m.lastAccess = t + 0.000003;
    }
    this.opts.hooks.statusChanged(m.def);
  }

  healthFailureMessage(def: ModelDef): string {
    const word = MODE_WORD[def.mode];
    return this.opts.generation === 'v3'
      ? `probe failed: ${word}探测器浅层检查超时: 服务在 60 秒内不可用`
      : `健康检查失败: ${word}接口浅层检查超时: 服务在 300 秒内不可用`;
  }

  start(m: ModelState): Promise<StartResult> {
    if (m.status === 'routing') return Promise.resolve({ kind: 'already' });
    if (m.starting) return m.starting;
    const run = ++m.run;
    m.timers.clearAll();
    m.tick = 0;
    const { hooks, startupLogs } = this.opts;
    const def = m.def;
    if (startupLogs) hooks.managerLine(def, `--- ${pythonCtime(this.opts.now())} --- 启动模型 '${def.name}'`, 'info');
    if (def.failToStart !== null) {
      if (startupLogs) hooks.managerLine(def, def.failToStart, 'error');
      this.setStatus(m, 'failed', def.failToStart);
      return Promise.resolve({ kind: 'failed', message: def.failToStart });
    }
    if (startupLogs) {
      hooks.managerLine(def, '使用配置方案: CPU', 'info');
      hooks.managerLine(def, `启动脚本: ${launchCommand(def)}`, 'info');
    }
    this.setStatus(m, 'starting', null);
    const promise = new Promise<StartResult>((resolve) => {
      m.finishStart = (r) => {
        if (m.finishStart === null) return;
        m.finishStart = null;
        m.starting = null;
        resolve(r);
      };
    });
    m.starting = promise;
    const total = Math.max(0, this.opts.startupMs);
    const live = (): boolean => m.run === run;
    m.timers.set(() => {
      if (!live()) return;
      this.setStatus(m, 'init_script');
      m.timers.set(() => {
        if (!live()) return;
        this.spawn(m);
        this.setStatus(m, 'health_check');
        if (diesAtStart(def.behavior)) {
          if (startupLogs) this.print(m, deathLines(def, this.opts.now()));
          this.exit(m, 1);
        }
        m.timers.set(() => {
          if (!live()) return;
          if (!m.alive) {
            // A dead process never answers the probe: the manager waits out the whole budget.
            m.timers.set(() => {
              if (!live()) return;
              const message = this.healthFailureMessage(def);
              this.setStatus(m, 'failed', message);
              m.finishStart?.({ kind: 'failed', message });
            }, this.opts.healthCheckTimeoutMs);
            return;
          }
          if (startupLogs) this.print(m, [...readyLines(def), ...probeLines(def)]);
          this.setStatus(m, 'routing');
          m.finishStart?.({ kind: 'ok' });
          if (this.opts.scripted) this.scheduleTick(m, run);
        }, total * 0.7);
      }, total * 0.15);
    }, total * 0.15);
    return promise;
  }

  /** Returns false when the model was already stopped or failed. */
  stop(m: ModelState): boolean {
    const wasStarting = m.starting !== null;
    if ((m.status === 'stopped' || m.status === 'failed') && !wasStarting) return false;
    const run = ++m.run;
    m.timers.clearAll();
    if (m.alive) this.exit(m, -9);
    this.setStatus(m, 'stopped', wasStarting && this.opts.generation !== 'v1-seed' ? '被用户请求停止' : null);
    if (wasStarting) {
      m.finishStart?.({ kind: 'failed', message: '被用户请求停止' });
      if (this.opts.generation === 'v1-seed') {
        // Observed quirk: the start thread's health check later overwrites "stopped" with "failed".
        m.timers.set(() => {
          if (m.run === run && m.status === 'stopped') this.setStatus(m, 'failed', this.healthFailureMessage(m.def));
        }, this.opts.healthCheckTimeoutMs);
      }
    }
    return true;
  }

  /** The child dies. v1/v2 never notice (status stays); v3's exit callback marks the model failed. */
  crash(m: ModelState, lastWords: readonly string[] = DEFAULT_CRASH_WORDS, code = 134): void {
    this.print(m, lastWords.map((text) => ({ text, stream: 'err' as const })));
    if (!m.alive && m.status !== 'routing') return;
    this.exit(m, code);
    if (this.opts.generation === 'v3' && m.status === 'routing') {
      ++m.run;
      m.timers.clearAll();
      this.setStatus(m, 'failed', `process exited code=${code}`);
    } else if (m.status === 'routing') {
      ++m.run; // stops the scripted ticks of the dead process; status stays routing
    }
  }

  /** Marks a proxied request (v2 idle time, v3 last_access). */
  touch(m: ModelState): void {
    m.lastAccess = this.opts.now() / 1000;
  }

  private spawn(m: ModelState): void {
    m.pid = this.nextPid++;
    m.alive = true;
    this.opts.hooks.spawned(m.def, m.pid);
    if (this.opts.startupLogs) this.print(m, startupLines(m.def, m.pid, this.opts.now()));
  }

  private exit(m: ModelState, code: number): void {
    if (!m.alive) return;
    m.alive = false;
    this.opts.hooks.exited(m.def, code);
  }

  private print(m: ModelState, lines: readonly ChildLine[]): void {
    for (const line of lines) this.opts.hooks.childLine(m.def, line);
  }

  private scheduleTick(m: ModelState, run: number): void {
    m.timers.set(() => {
      if (m.run !== run || !m.alive) return;
      m.tick += 1;
      const outp = tickOutput(m.def, m.tick, this.opts.random, this.opts.now());
      this.print(m, outp.lines);
      if (outp.crash) this.crash(m);
      else this.scheduleTick(m, run);
    }, this.opts.tickMs);
  }
}
