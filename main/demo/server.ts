// The LLM-Manager simulator: one node:http server that speaks one API generation, with demo models,
// deterministic test controls and fault injection. Every test's server and the `npm run demo` backend.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { defaultDemoSpecs, launchCommand, type ChildLine } from './behaviors.js';
import type {
  DemoBehavior,
  DemoFault,
  DemoGeneration,
  DemoModelSpec,
  DemoModelStatus,
  EmitOptions,
  ModelDef,
} from './demo-types.js';
import { BAD_GATEWAY_HTML, sendJson, type RequestInfo } from './http-util.js';
import { ModelRuntime, type LifecycleHooks } from './model-runtime.js';
import { createRandom } from './random.js';
import type { ServerCore } from './server-core.js';
import { SseChannel } from './sse-channel.js';
import { TimerBag, createStamper } from './timers.js';
import { handleV1 } from './v1-routes.js';
import { V1LogHub, type V1Entry } from './v1-log-hub.js';
import { handleV3, modelsSnapshotV3 } from './v3-routes.js';
import { V3LogHub } from './v3-log-hub.js';

export type { DemoGeneration, DemoModelSpec, DemoFault, DemoModelStatus } from './demo-types.js';

export interface DemoServerOptions {
  /** Default 'v1-seed'. */
  generation?: DemoGeneration;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default: the demo set (fake-chat-a … fake-vllm-h); with `scripted`, its healthy models auto-start. */
  models?: DemoModelSpec[];
  /** Sleep after each replayed history line on v1/v2 (default 10 ms; 0 for tests). */
  replayDelayMs?: number;
  /** Total time from starting to routing (default 2000; tests pass 0). */
  startupMs?: number;
  /** Run the models' scripted output on timers (default false: tests drive lines explicitly). */
  scripted?: boolean;
  seed?: number;
  /** v3 live-tail flush interval (default 1000 ms). */
  v3FlushMs?: number;
  /** v3 per-subscriber queue size (default 16). */
  v3QueueSize?: number;
  /** v3: how long after a session ends its last (never pushed) lines reach `/lines` (default 800 ms). */
  v3LateStoreMs?: number;
  /** Epoch ms, default Date.now. */
  now?: () => number;
  /** How long a model whose process died at start sits in health_check (default 5 × startupMs). */
  healthCheckTimeoutMs?: number;
  /** Manager banner and model loading lines on every start (default true). */
  startupLogs?: boolean;
  /** Scripted tick interval (default 1000 ms). */
  tickMs?: number;
}

export interface DemoRecordEntry {
  timestamp: number;
  message: string;
  level?: string;
  id?: number;
}

export interface DemoServer {
  readonly url: string;
  readonly port: number;
  readonly generation: DemoGeneration;
  emit(model: string, message: string, opts?: EmitOptions): void;
  emitMany(model: string, messages: string[]): void;
  startModel(model: string): Promise<void>;
  stopModel(model: string): void;
  crashModel(model: string, lastWords?: string[]): void;
  setStatus(model: string, status: DemoModelStatus, failureReason?: string): void;
  addModel(spec: DemoModelSpec): void;
  removeModel(name: string): void;
  setReplayDelay(ms: number): void;
  record(model: string): DemoRecordEntry[];
  subscriberCount(model: string): number;
  /**
   * Model log streams (SSE responses of every model) open right now, and the most open at once
   * since the start or the last resetPeak (then the peak restarts from the open count).
   */
  logStreams(opts?: { resetPeak?: boolean }): { open: number; peak: number };
  /** v1/v2: connections replaying the history right now (lines appended meanwhile never reach them). */
  replayingCount(model: string): number;
  /** v1/v2: cut only the connections still replaying the history (e.g. a client's checking connection); returns how many. */
  dropReplaying(model: string): number;
  dropConnections(): void;
  sendRaw(model: string, raw: string): void;
  setFault(fault: DemoFault): void;
  shutdown(): Promise<void>;
  restart(opts?: { fresh?: boolean }): Promise<void>;
  close(): Promise<void>;
  /** Current status of a model (by name or alias). */
  status(model: string): DemoModelStatus;
  /** Primary names of the configured models. */
  modelNames(): string[];
}

const FIRST_MODEL_PORT = 18101;

const DEMO_AUTOSTART = new Set(['fake-chat-a', 'fake-embed-b', 'fake-crash-d', 'fake-burst-f', 'fake-oom-g', 'fake-vllm-i']);

/**
 * The demo model set named like the real-server captures (fake-chat-a … fake-vllm-h). With
 * `autoStart`, the models that come up cleanly start with the server (the standalone demo uses it).
 */
export function defaultDemoModels(generation: DemoGeneration = 'v1-seed', opts: { autoStart?: boolean } = {}): DemoModelSpec[] {
  return defaultDemoSpecs(generation).map((spec) => ({
    ...spec,
    ...(opts.autoStart && DEMO_AUTOSTART.has(spec.name) ? { autoStart: true } : {}),
  }));
}

function splitLines(message: string): string[] {
  return message.split(/\r?\n|\r/).filter((l) => l !== '');
}

class DemoServerImpl implements DemoServer, ServerCore {
  readonly generation: DemoGeneration;
  readonly runtime: ModelRuntime;
  readonly v1: V1LogHub;
  readonly v3: V3LogHub;
  readonly timers = new TimerBag();
  readonly modelStreams = new Set<SseChannel>();
  private readonly host: string;
  private boundPort: number;
  private currentFault: DemoFault = null;
  private replayDelay: number;
  private readonly clock: () => number;
  private readonly stamp: () => number;
  private readonly specs: DemoModelSpec[];
  private nextModelPort = FIRST_MODEL_PORT;
  private started: number;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly channels = new Set<SseChannel>();
  /** Open model log streams (SSE responses), counted where they are served; logPeak: the most at once. */
  private readonly logChannels = new Set<SseChannel>();
  private logPeak = 0;
  private readonly startupMs: number;
  private closed = false;
  private lastSnapshot = '';

  constructor(opts: DemoServerOptions) {
    this.generation = opts.generation ?? 'v1-seed';
    this.host = opts.host ?? '127.0.0.1';
    this.boundPort = opts.port ?? 0;
    this.replayDelay = opts.replayDelayMs ?? 10;
    this.clock = opts.now ?? Date.now;
    const random = createRandom(opts.seed ?? 1);
    this.stamp = createStamper(this.clock, random);
    this.startupMs = opts.startupMs ?? 2000;
    this.started = this.stamp();
    // In scripted (demo) mode the healthy default models come up by themselves, so the app has
    // something to show at once; tests (unscripted) start everything explicitly.
    this.specs = [...(opts.models ?? defaultDemoModels(this.generation, { autoStart: opts.scripted ?? false }))];
    this.v1 = new V1LogHub(this.timers, () => this.replayDelay);
    this.v3 = new V3LogHub(this.timers, this.stamp, opts.v3FlushMs ?? 1000, opts.v3QueueSize ?? 16, opts.v3LateStoreMs ?? 800);
    this.runtime = new ModelRuntime({
      generation: this.generation,
      startupMs: this.startupMs,
      healthCheckTimeoutMs: opts.healthCheckTimeoutMs ?? this.startupMs * 5,
      scripted: opts.scripted ?? false,
      startupLogs: opts.startupLogs ?? true,
      tickMs: opts.tickMs ?? 1000,
      random,
      now: this.clock,
      hooks: this.hooks(),
    });
    this.loadModels();
  }

  // ---- ServerCore ----
  now(): number {
    return this.clock();
  }
  startedAt(): number {
    return this.started;
  }
  fault(): DemoFault {
    return this.currentFault;
  }
  restartPauseMs(): number {
    return Math.min(2000, this.startupMs);
  }
  newChannel(res: ServerResponse, kind: 'log' | 'models' = 'log'): SseChannel {
    const ch = new SseChannel(res, () => this.currentFault, this.timers);
    this.channels.add(ch);
    ch.onClose(() => this.channels.delete(ch));
    if (kind === 'log') {
      this.logChannels.add(ch);
      this.logPeak = Math.max(this.logPeak, this.logChannels.size);
      ch.onClose(() => this.logChannels.delete(ch));
    }
    return ch;
  }
  modelsSnapshot(): string {
    return modelsSnapshotV3(this.runtime.list());
  }
  childLine(def: ModelDef, line: ChildLine): void {
    if (this.generation === 'v3') this.v3.addLine(def.name, line.text, line.stream);
    else this.v1.append(def.name, { timestamp: this.stamp(), message: line.text });
  }

  // ---- public API ----
  get url(): string {
    const host = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.boundPort}`;
  }
  get port(): number {
    return this.boundPort;
  }

  emit(model: string, message: string, opts: EmitOptions = {}): void {
    const m = this.runtime.get(model);
    for (const text of splitLines(message)) {
      if (this.generation === 'v3') {
        const stream = opts.stream ?? (opts.level ? 'sys' : 'out');
        if (stream === 'sys' && opts.level) this.v3.addLine(m.def.name, text, stream, opts.level);
        else this.v3.addLine(m.def.name, text, stream);
      } else {
        const entry: V1Entry = { timestamp: this.stamp(), message: text };
        if (this.generation === 'v1-seed' && opts.level) entry.level = opts.level;
        this.v1.append(m.def.name, entry);
      }
    }
  }

  emitMany(model: string, messages: string[]): void {
    for (const msg of messages) this.emit(model, msg);
  }

  async startModel(model: string): Promise<void> {
    await this.runtime.start(this.runtime.get(model));
  }

  stopModel(model: string): void {
    this.runtime.stop(this.runtime.get(model));
  }

  crashModel(model: string, lastWords?: string[]): void {
    this.runtime.crash(this.runtime.get(model), lastWords);
  }

  setStatus(model: string, status: DemoModelStatus, failureReason?: string): void {
    this.runtime.setStatus(this.runtime.get(model), status, failureReason ?? null);
  }

  status(model: string): DemoModelStatus {
    return this.runtime.get(model).status;
  }

  modelNames(): string[] {
    return this.runtime.list().map((m) => m.def.name);
  }

  addModel(spec: DemoModelSpec): void {
    if (this.runtime.find(spec.name)) throw new Error(`demo server: model '${spec.name}' already exists`);
    this.specs.push(spec);
    const state = this.runtime.add(this.toDef(spec));
    this.broadcastModels();
    if (spec.autoStart) void this.runtime.start(state);
  }

  removeModel(name: string): void {
    const m = this.runtime.find(name);
    if (!m) return;
    this.runtime.remove(m.def.name);
    this.v1.remove(m.def.name);
    const idx = this.specs.findIndex((s) => s.name === m.def.name);
    if (idx >= 0) this.specs.splice(idx, 1);
    this.broadcastModels();
  }

  setReplayDelay(ms: number): void {
    this.replayDelay = Math.max(0, ms);
  }

  record(model: string): DemoRecordEntry[] {
    const name = this.runtime.get(model).def.name;
    if (this.generation === 'v3') {
      return this.v3.record(name).map((l) => ({ timestamp: l.ts, message: l.text, level: l.level, id: l.id }));
    }
    return this.v1.entries(name).map((e) => (e.level === undefined ? { timestamp: e.timestamp, message: e.message } : { ...e }));
  }

  subscriberCount(model: string): number {
    const name = this.runtime.get(model).def.name;
    return this.generation === 'v3' ? this.v3.subscriberCount(name) : this.v1.subscriberCount(name);
  }

  logStreams(opts?: { resetPeak?: boolean }): { open: number; peak: number } {
    const counts = { open: this.logChannels.size, peak: this.logPeak };
    if (opts?.resetPeak === true) this.logPeak = this.logChannels.size;
    return counts;
  }

  replayingCount(model: string): number {
    return this.generation === 'v3' ? 0 : this.v1.replayingCount(this.runtime.get(model).def.name);
  }

  dropReplaying(model: string): number {
    return this.generation === 'v3' ? 0 : this.v1.dropReplaying(this.runtime.get(model).def.name);
  }

  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  sendRaw(model: string, raw: string): void {
    const name = this.runtime.get(model).def.name;
    if (this.generation === 'v3') for (const ch of this.v3.channelsOf(name)) ch.write(raw);
    else this.v1.sendRaw(name, raw);
  }

  /** 'refuse' also drops idle keep-alive connections, so the next request really finds no server. */
  setFault(fault: DemoFault): void {
    this.currentFault = fault;
    if (fault?.kind === 'refuse') this.server?.closeIdleConnections();
  }

  async shutdown(): Promise<void> {
    // v1/v2 (SIGTERM): each open stream gets the error frame and ends. v3: streams just go silent.
    if (this.generation !== 'v3') this.v1.shutdownStreams();
    this.stopListening();
  }

  async restart(opts: { fresh?: boolean } = {}): Promise<void> {
    if (this.closed) throw new Error('demo server: restart() after close()');
    if (this.server) await this.shutdown();
    if (opts.fresh) {
      this.runtime.clearAllTimers();
      for (const m of this.runtime.list()) this.runtime.remove(m.def.name);
      this.v1.reset();
      this.v3.reset();
      this.nextModelPort = FIRST_MODEL_PORT;
      this.started = this.stamp();
      this.loadModels();
    }
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    for (const ch of this.channels) ch.destroy();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.timers.clearAll();
    this.runtime.abortAll();
  }

  // ---- internals ----
  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket: Socket) => {
      if (this.currentFault?.kind === 'refuse') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.boundPort = addr.port;
    this.server = server;
    this.startAutoStartModels();
  }

  private stopListening(): void {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.close();
    server.closeIdleConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.currentFault?.kind === 'html-502') {
      const body = Buffer.from(BAD_GATEWAY_HTML, 'utf8');
      res.writeHead(502, { server: 'nginx', 'content-type': 'text/html', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const info: RequestInfo = { req, res, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams };
    try {
      if (info.method === 'OPTIONS') {
        res.writeHead(200, {
          server: 'uvicorn',
          'access-control-allow-origin': '*',
          'access-control-allow-methods': '*',
          'access-control-allow-headers': '*',
          'content-length': '0',
        });
        res.end();
        return;
      }
      if (this.generation === 'v3') await handleV3(this, info);
      else await handleV1(this, info);
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: `服务器内部错误: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    }
  }

  private loadModels(): void {
    for (const spec of this.specs) this.runtime.add(this.toDef(spec));
  }

  private startAutoStartModels(): void {
    for (const m of this.runtime.list()) {
      if (m.def.autoStart && m.status === 'stopped' && m.starting === null) void this.runtime.start(m);
    }
  }

  private toDef(spec: DemoModelSpec): ModelDef {
    const aliases = [spec.name, ...(spec.aliases ?? []).filter((a) => a !== spec.name)];
    const behavior: DemoBehavior = spec.behavior ?? (spec.mode === 'Embedding' ? 'embedding' : 'healthy');
    return {
      name: spec.name,
      aliases: [...new Set(aliases)],
      mode: spec.mode ?? (behavior === 'embedding' ? 'Embedding' : 'Chat'),
      behavior,
      autoStart: spec.autoStart ?? false,
      failToStart: spec.failToStart ?? null,
      port: this.nextModelPort++,
    };
  }

  private broadcastModels(): void {
    if (this.generation !== 'v3') return;
    const snap = this.modelsSnapshot();
    if (snap === this.lastSnapshot) return;
    this.lastSnapshot = snap;
    for (const ch of this.modelStreams) ch.write(`data: ${snap}\n\n`);
  }

  private hooks(): LifecycleHooks {
    return {
      managerLine: (def, message, level) => {
        // Only the seed writes manager messages into the model log; later versions log them elsewhere.
        if (this.generation === 'v1-seed') this.v1.append(def.name, { timestamp: this.stamp(), level, message });
      },
      childLine: (def, line) => this.childLine(def, line),
      spawned: (def, pid) => {
        if (this.generation !== 'v3') return;
        this.v3.openSession(def.name);
        this.v3.addLine(def.name, `scheme CPU: ${launchCommand(def)}`, 'sys', 'info');
        this.v3.addLine(def.name, `spawned pid ${pid}`, 'sys', 'info');
        this.v3.systemLine(`model '${def.name}' spawned (pid ${pid})`);
      },
      exited: (def, code) => {
        if (this.generation !== 'v3') return;
        this.v3.addLine(def.name, `process exited code=${code}`, 'sys', code === 0 || code === -9 ? 'info' : 'error');
        this.v3.endSession(def.name);
        this.v3.systemLine(`model '${def.name}' process exited code=${code}`);
      },
      statusChanged: (def) => {
        if (this.generation !== 'v3') return;
        const m = this.runtime.find(def.name);
        if (m && (m.status === 'routing' || m.status === 'failed')) this.v3.systemLine(`model '${def.name}' ${m.status}`);
        this.broadcastModels();
      },
    };
  }
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const server = new DemoServerImpl(opts);
  await server.listen();
  return server;
}
