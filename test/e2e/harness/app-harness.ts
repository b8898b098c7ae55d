// Node side of the browser harness: the demo server, the real core + app controller with in-memory
// settings, a static server for out/renderer (index.html gets the bridge script), and a WebSocket
// bridge implementing contract/ipc.ts on the same port.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AlertNotification, Notifier } from '../../../main/core/alerts/notifier.js';
import { createAppController, type AppController } from '../../../main/app/index.js';
import type { RendererSink, TrayPort, WindowPort, WindowView } from '../../../main/app/ports.js';
import { createMonitor } from '../../../main/core/monitor.js';
import { systemClock, type ConnectionPolicy } from '../../../main/core/ports.js';
import { defaultSettings } from '../../../main/core/settings/defaults.js';
import { createSettingsService } from '../../../main/core/settings/service.js';
import { createMemoryStorage } from '../../../main/core/settings/storage.js';
import type { AppSettings, ModelKey } from '../../../main/core/types.js';
import type { DemoGeneration, DemoModelSpec } from '../../../main/demo/demo-types.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../main/demo/server.js';
import { isCommandChannel, validateCommand, type EventChannel, type EventPayloads } from '../../../contract/ipc.js';
import { BRIDGE_CLIENT_JS } from './bridge-client.js';

// LLT_RENDERER_DIR: the benchmarks run this harness from a bundle in out/node, not from its source folder.
const rendererDir = (): string => process.env['LLT_RENDERER_DIR'] ?? resolve(import.meta.dirname, '../../../out/renderer');

const FAST_POLICY: Partial<ConnectionPolicy> = {
  retryIntervalMs: 100,
  backoffCapMs: 400,
  healthIntervalMs: 300,
  discoveryIntervalMs: 300,
  batchMs: 10,
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HarnessOptions {
  readonly generation?: DemoGeneration;
  readonly models?: DemoModelSpec[];
  readonly settings?: Partial<AppSettings>;
  readonly systemLocale?: string;
  readonly systemDark?: boolean;
  /** Whether header values are protected by an OS keyring (default: yes, as with safeStorage on a desktop). */
  readonly credentialProtection?: 'keyring' | 'none';
  /** Only an unreachable server configured (the first-run state). */
  readonly noServers?: boolean;
  /** Extra demo-server options (e.g. `scripted: true` with the default demo models, `startupMs`). */
  readonly demo?: Partial<DemoServerOptions>;
  /** Core policy (default: fast retries and 10 ms batches for tests; benchmarks pass the product's). */
  readonly policy?: Partial<ConnectionPolicy>;
  /** Interval of the app's monitor:events messages (default 30 ms; the product uses 50). */
  readonly batchMs?: number;
}

export interface Harness {
  readonly url: string;
  readonly demo: DemoServer;
  readonly controller: AppController;
  readonly notifications: AlertNotification[];
  /** Every event pushed to the page (for waiting on the core in tests). */
  readonly events: Array<{ channel: EventChannel; payload: unknown }>;
  /** Every message sent to the page over the bridge (events and command results), as sent. */
  readonly wire: string[];
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
  close(): Promise<void>;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(rendererDir(), 'index.html'))) {
    throw new Error(`out/renderer/index.html is missing: build the renderer first (npx electron-vite build, or npm run build).`);
  }
}

function indexHtml(): string {
  const html = readFileSync(join(rendererDir(), 'index.html'), 'utf8');
  // A classic script runs before the deferred module script, so window.llmLogTray exists when the app starts.
  return html.replace('<script', '<script src="/__bridge.js"></script>\n    <script');
}

export const DEMO_SERVER_SETTING_ID = 'local';

/** A port nobody listens on (connections are refused): a configured server that never answers. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** A URL nobody answers on (connection refused): for an unreachable configured server. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}`;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  assertRendererBuilt();
  const demo = await startDemoServer({
    generation: opts.generation ?? 'v1-seed',
    port: 0,
    replayDelayMs: 0,
    startupMs: 0,
    scripted: false,
    ...(opts.models ? { models: opts.models } : {}),
    ...opts.demo,
  });

  const sockets = new Set<WebSocket>();
  const events: Harness['events'] = [];
  const wire: string[] = [];
  const sink: RendererSink = {
    send(channel, payload) {
      events.push({ channel, payload });
      const text = JSON.stringify({ event: channel, payload });
      wire.push(text);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
  };
  const window: WindowPort = {
    show(view: WindowView, key?: ModelKey, seq?: number) {
      sink.send('app:navigate', { view, ...(key !== undefined ? { key } : {}), ...(seq !== undefined ? { seq } : {}) });
    },
  };
  const tray: TrayPort = { update: () => undefined };
  const notifications: AlertNotification[] = [];
  const notifier: Notifier = { show: (n) => notifications.push(n) };

  const initial: AppSettings = {
    ...defaultSettings(),
    servers: [
      opts.noServers
        ? { id: DEMO_SERVER_SETTING_ID, name: 'Home GPU', url: `http://127.0.0.1:${await closedPort()}`, headers: {} }
        : { id: DEMO_SERVER_SETTING_ID, name: 'Home GPU', url: demo.url, headers: {} },
    ],
    firstRunDone: true,
    language: 'en',
    theme: 'light',
    ...opts.settings,
  };
  const settings = createSettingsService(createMemoryStorage(initial));
  const controller = createAppController({
    createMonitor,
    settings,
    notifier,
    tray,
    window,
    sink,
    clock: systemClock,
    systemLocale: () => opts.systemLocale ?? 'en-US',
    credentialProtection: () => opts.credentialProtection ?? 'keyring',
    systemDark: () => opts.systemDark ?? false,
    startDemo: async () => ({ url: demo.url, close: async () => undefined }),
    monitorOptions: { policy: opts.policy ?? FAST_POLICY },
    batchMs: opts.batchMs ?? 30,
  });
  await controller.start();

  const http: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/__bridge.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'] ?? '', 'cache-control': 'no-store' }).end(BRIDGE_CLIENT_JS);
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'] ?? '', 'cache-control': 'no-store' }).end(indexHtml());
      return;
    }
    const root = rendererDir();
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  const wss = new WebSocketServer({ server: http, path: '/__bridge' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      void (async () => {
        let id = -1;
        try {
          const msg = JSON.parse(String(data)) as { id: number; channel: unknown; payload: unknown };
          id = msg.id;
          if (!isCommandChannel(msg.channel)) throw new Error(`unknown channel: ${String(msg.channel)}`);
          const valid = validateCommand(msg.channel, msg.payload);
          if (!valid.ok) throw new Error(valid.error);
          const result = await controller.handleCommand(msg.channel, valid.payload);
          const text = JSON.stringify({ id, ok: true, result });
          wire.push(text);
          ws.send(text);
        } catch (err) {
          ws.send(JSON.stringify({ id, ok: false, error: err instanceof Error ? err.message : String(err) }));
        }
      })();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    demo,
    controller,
    notifications,
    events,
    wire,
    send: (channel, payload) => sink.send(channel, payload),
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      await closed;
      await controller.stop();
      await demo.close();
    },
  };
}
