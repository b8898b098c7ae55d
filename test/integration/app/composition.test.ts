// The app controller with the real Monitor against the real demo server; tray, notifier, window and
// renderer sink are recording fakes. Real I/O on 127.0.0.1, so polling with a timeout, never sleeps.
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createSettingsService, defaultSettings } from '../../../main/core/settings/index.js';
import type { LogLine } from '../../../main/core/types.js';
import type { DemoServer } from '../../../main/demo/server.js';
import { waitFor } from '../core/helpers.js';
import { startRecordedApp, type RecordedApp } from '../../helpers/recorded-app.js';
import { testScope } from '../../helpers/test-scope.js';

const until = <T>(check: () => T | undefined | null | false, what: string): Promise<T> => waitFor(check, 8000, what);

const scope = testScope();

interface Harness extends RecordedApp {
  demo: DemoServer;
}

async function harness(): Promise<Harness> {
  const demo = await scope.demo({ generation: 'v1-oct', replayDelayMs: 0, startupMs: 0, models: [{ name: 'alpha' }] });
  const settings = createSettingsService(
    createMemoryStorage({ ...defaultSettings(), firstRunDone: true, servers: [{ id: 's1', name: 'Demo', url: demo.url, headers: {} }] }),
  );
  const recorded = await startRecordedApp(scope, { settings, monitorOptions: { policy: { discoveryIntervalMs: 100, healthIntervalMs: 1000 } } });
  return { demo, ...recorded };
}

const KEY = 's1/alpha';

describe('app composition against the demo server', () => {
  it('error → alert + one notification; acknowledge clears; failure alerts; restart recovers', async () => {
    const h = await harness();
    await h.demo.startModel('alpha');
    await until(() => h.tray.last?.icon === 'ready', 'tray ready');
    expect(h.tray.last?.menu.some((i) => i.type === 'item' && i.label.startsWith('● alpha — connected'))).toBe(true);

    h.demo.emit('alpha', 'ggml_backend_cuda_buffer_type_alloc_buffer: cudaMalloc failed: out of memory');
    // An error line in a model that keeps serving: the icon stays ready, the tooltip counts it.
    await until(() => h.tray.last?.tooltip.includes('1 unread error') === true, 'tray unread error');
    expect(h.tray.last?.icon).toBe('ready');
    await until(() => h.notifier.shown.length === 1, 'notification');
    const n = h.notifier.shown[0];
    expect(n).toMatchObject({ key: KEY, urgency: 'normal', title: 'alpha: error' });
    expect(n?.body).toContain('cudaMalloc failed');
    // The same line went to the renderer in a sequence-numbered batch.
    const sentLines = () =>
      h.sink
        .of('monitor:events')
        .flatMap((b) => b.events.flatMap((e) => (e.type === 'lines' ? e.entries : [])))
        .filter((e): e is LogLine => e.kind === 'line');
    const oomLine = await until(() => sentLines().find((l) => l.text.includes('cudaMalloc failed')), 'OOM line sent to the renderer');
    const batches = h.sink.of('monitor:events');
    expect(oomLine?.seq).toBe(n?.seq);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));

    // A repeat inside the throttle window does not notify again.
    h.demo.emit('alpha', 'ggml_backend_cuda_buffer_type_alloc_buffer: cudaMalloc failed: out of memory');
    await until(() => h.app.getState().snapshot.models.find((m) => m.key === KEY), 'model in state');
    await until(
      () => h.sink.of('monitor:events').flatMap((b) => b.events).filter((e) => e.type === 'lines' && e.entries.some((x) => x.kind === 'line' && x.text.includes('cudaMalloc'))).length >= 2,
      'second OOM line delivered',
    );
    expect(h.notifier.shown).toHaveLength(1);

    // Opening the model (notification click) acknowledges its errors.
    h.app.openModel(KEY, n?.seq);
    expect(h.win.shown).toEqual([{ view: 'logs', key: KEY, seq: n?.seq }]);
    await until(() => h.tray.last?.tooltip.includes('unread') === false, 'unread cleared');

    // The model fails: a critical notification and the failed (red) icon.
    h.demo.setStatus('alpha', 'failed', 'CUDA out of memory during warm-up');
    await until(() => h.notifier.shown.some((x) => x.title === 'alpha failed'), 'failure notification');
    expect(h.notifier.shown.find((x) => x.title === 'alpha failed')).toMatchObject({ urgency: 'critical', key: KEY, body: 'Reason: CUDA out of memory during warm-up' });
    await until(() => h.tray.last?.icon === 'failed', 'tray failed');

    // Restarting recovers: the failure is over, the stream is live again.
    await h.app.handleCommand('model:start', { key: KEY });
    await until(() => h.tray.last?.icon === 'ready' || h.tray.last?.icon === 'starting', 'recovered');
    h.demo.emit('alpha', 'main: server is listening on http://127.0.0.1:18101');
    await until(() => h.app.getState().snapshot.models.find((m) => m.key === KEY)?.lifecycle === 'routing', 'routing');
    expect(h.notifier.shown.filter((x) => x.key === KEY && x.title === 'alpha: error')).toHaveLength(1);

    await h.app.stop();
  });
});
