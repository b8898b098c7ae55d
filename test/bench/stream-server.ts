// A tiny loopback LLM-Manager (v1-seed) for the benchmarks, run in its own process so serving costs no
// CPU in the process being measured. Every history is serialised once up front (byte-exact seed
// frames, Python separators), so the server is never the bottleneck. It reports each stream request
// to the parent (IPC) with the time it arrived: throughput is measured from that moment.
import { createServer, type ServerResponse } from 'node:http';
import { benchLine } from './lines.js';
import { makeLines, type Mix } from './vitals-mixes.js';

export interface ServedModel {
  readonly name: string;
  /** History frames replayed on every connection. */
  readonly history: number;
  /** From the second connection on: this many new history lines after the replay ("while away"). */
  readonly newOnReconnect?: number;
  /** Live lines per second after the replay (0 = none). */
  readonly liveRate?: number;
  /** The live lines are this vitals mix's texts, over and over (each stamped with the time it was sent), instead of benchLine texts. */
  readonly liveMix?: Mix;
  /** The history is one of the vitals benchmark's line mixes (its first `history` lines, their server times) instead of benchLine texts. */
  readonly mix?: Mix;
  /**
   * With `mix`: the history is empty, and every `burst` command sends the mix's first `history` lines
   * to the model's open streams as live lines, as fast as the stream takes them, each burst later in
   * server time.
   */
  readonly bursts?: boolean;
  /** With `liveRate`: the live lines wait for a `live` command that turns them on (ServerCommand). */
  readonly livePaused?: boolean;
}

/**
 * What the parent may ask of the server process: a burst of a burst model's mix, or the live lines of
 * some models on or off (off: the model prints nothing; on again: it goes on at its rate from then, with
 * no catching up).
 */
export type ServerCommand = { readonly type: 'burst'; readonly model: string } | { readonly type: 'live'; readonly models: readonly string[]; readonly on: boolean };

export interface StreamServerConfig {
  readonly models: readonly ServedModel[];
}

export type ServerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'stream-open'; readonly model: string; readonly connection: number; readonly at: number }
  | { readonly type: 'burst-sent'; readonly model: string };

const BASE_TS = 1_795_896_000;

function frame(type: 'historical' | 'realtime', ts: number, text: string): string {
  return `data: {"type": "${type}", "log": {"timestamp": ${ts.toFixed(6)}, "level": "info", "message": ${JSON.stringify(text)}}}\n\n`;
}

/** The seed-format history of `count` lines as one buffer (chunked on write). */
export function historyPayload(count: number, firstIndex = 0): Buffer {
  const parts: string[] = [];
  for (let i = firstIndex; i < firstIndex + count; i++) parts.push(frame('historical', BASE_TS + i * 0.000731, benchLine(i)));
  return Buffer.from(parts.join(''), 'utf8');
}

/** A vitals mix as seed-format frames (texts and server times as the mix has them, shifted by `shiftMs`). */
function mixPayload(mix: Mix, count: number, type: 'historical' | 'realtime' = 'historical', shiftMs = 0): Buffer {
  return Buffer.from(makeLines(mix).slice(0, count).map((l) => frame(type, (l.ts + shiftMs) / 1000, l.text)).join(''), 'utf8');
}

const mixTexts = new Map<Mix, readonly string[]>();
/** A mix's texts in order (made once per server process). */
function liveTexts(mix: Mix): readonly string[] {
  let t = mixTexts.get(mix);
  if (!t) mixTexts.set(mix, (t = makeLines(mix).map((l) => l.text)));
  return t;
}

/** Server time from one burst of a mix to the next: a day, more than any mix spans. */
const BURST_SHIFT_MS = 86_400_000;

const COMPLETE = Buffer.from('data: {"type": "historical_complete"}\n\n');
const CHUNK = 64 * 1024;

async function writeAll(res: ServerResponse, buf: Buffer): Promise<boolean> {
  for (let o = 0; o < buf.length; o += CHUNK) {
    if (res.destroyed) return false;
    if (!res.write(buf.subarray(o, Math.min(buf.length, o + CHUNK)))) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  return !res.destroyed;
}

export function runStreamServer(config: StreamServerConfig, send: (m: ServerMessage) => void): (command: ServerCommand) => void {
  const payloads = new Map<number, Buffer>();
  const payload = (n: number): Buffer => {
    let p = payloads.get(n);
    if (!p) payloads.set(n, (p = historyPayload(n)));
    return p;
  };
  const mixes = new Map<string, Buffer>();
  // Burst models: the next burst's frames, made ahead; their open streams.
  const bursts = new Map<string, { next: Buffer; sent: number; readonly open: Set<ServerResponse> }>();
  for (const m of config.models) {
    if (m.mix && m.bursts) {
      mixes.set(m.name, Buffer.alloc(0));
      bursts.set(m.name, { next: mixPayload(m.mix, m.history, 'realtime', BURST_SHIFT_MS), sent: 0, open: new Set() });
    } else if (m.mix) mixes.set(m.name, mixPayload(m.mix, m.history));
    else payload(m.history);
  }
  const connections = new Map<string, number>();
  const paused = new Set(config.models.filter((m) => m.livePaused).map((m) => m.name));
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/health') return json(res, 200, { status: 'healthy' });
    if (url === '/v1/models') return json(res, 200, { object: 'list', data: config.models.map((m) => ({ id: m.name, aliases: [m.name] })) });
    if (url === '/api/models/all-models/info') return json(res, 400, { error: "缺少 'model' 字段" });
    const match = /^\/api\/models\/([^/]+)\/logs\/stream$/.exec(url);
    const model = match ? config.models.find((m) => m.name === decodeURIComponent(match[1] ?? '')) : undefined;
    if (!model) return json(res, 404, { error: 'not found' });
    const n = (connections.get(model.name) ?? 0) + 1;
    connections.set(model.name, n);
    send({ type: 'stream-open', model: model.name, connection: n, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let live: NodeJS.Timeout | null = null;
    const burst = bursts.get(model.name);
    burst?.open.add(res);
    res.on('close', () => {
      if (live) clearInterval(live);
      burst?.open.delete(res);
    });
    void (async () => {
      if (!(await writeAll(res, mixes.get(model.name) ?? payload(model.history)))) return;
      const extra = n > 1 ? (model.newOnReconnect ?? 0) : 0;
      if (extra > 0 && !(await writeAll(res, historyPayload(extra, model.history)))) return;
      res.write(COMPLETE);
      const rate = model.liveRate ?? 0;
      if (rate <= 0) return;
      // Live lines in 20 ms ticks, each stamped with the time it was sent (end-to-end delay).
      const texts = model.liveMix ? liveTexts(model.liveMix) : null;
      let sent = 0;
      let started = Date.now();
      let from = 0;
      live = setInterval(() => {
        if (paused.has(model.name)) {
          started = Date.now();
          from = sent;
          return;
        }
        const due = from + Math.floor(((Date.now() - started) / 1000) * rate);
        const parts: string[] = [];
        for (; sent < due; sent++) parts.push(frame('realtime', Date.now() / 1000, texts ? (texts[sent % texts.length] ?? '') : benchLine(model.history + sent)));
        if (parts.length > 0) res.write(parts.join(''));
      }, 20);
    })();
  });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    send({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
  });
  return (command) => {
    if (command.type === 'live') {
      for (const name of command.models) {
        if (command.on) paused.delete(name);
        else paused.add(name);
      }
      return;
    }
    const model = config.models.find((m) => m.name === command.model);
    const b = bursts.get(command.model);
    if (!model?.mix || !b) return;
    const frames = b.next;
    b.sent++;
    void (async () => {
      await Promise.all([...b.open].map((res) => writeAll(res, frames)));
      send({ type: 'burst-sent', model: command.model });
      b.next = mixPayload(model.mix!, model.history, 'realtime', (b.sent + 1) * BURST_SHIFT_MS);
    })();
  };
}
