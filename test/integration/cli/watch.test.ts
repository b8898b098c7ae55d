// The built CLI's `watch` against the demo server, for every API generation.
import { describe, expect, it } from 'vitest';
import type { DemoGeneration, DemoServer } from '../../../main/demo/server.js';
import { cliTestScope, closedPort, runCliOnce, type CliRun } from './cli-process.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';

const GENERATIONS: readonly DemoGeneration[] = ['v1-seed', 'v1-oct', 'v2', 'v3'];

const cli = cliTestScope();

async function demoServer(generation: DemoGeneration, running: boolean): Promise<DemoServer> {
  const demo = await cli.demo({ ...QUIET_DEMO, generation, v3FlushMs: 30, models: [{ name: 'm1', aliases: ['alias-1'] }, { name: 'm2' }] });
  if (running) await demo.startModel('m1');
  return demo;
}

interface Rec {
  type: string;
  outcome?: string;
  unchecked?: string;
  seq?: number;
  reason?: string;
  unverified?: boolean;
  recovered?: boolean | number;
  fills?: number;
  text?: string;
  origin?: string;
  model?: string;
  status?: { model: string; connection: string };
}

function records(stdout: string): Rec[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Rec);
}

describe.each(['v1-seed', 'v1-oct', 'v2'] as const)('watch on %s: the replay hole', (generation) => {
  it('a line printed during a short replay is printed when recovered: --json recovered line, fresh seq, the gap it fills', async () => {
    const d = await cli.demo({ generation, replayDelayMs: 10, startupMs: 0, startupLogs: false, models: [{ name: 'm1' }] });
    await d.startModel('m1');
    for (let i = 0; i < 30; i++) d.emit('m1', `old ${i}`);
    const r = cli.spawn(['watch', '--model', 'm1', '--url', d.url, '--interval', '0.2', '--json']);
    // Printed while the CLI's connection replays its 0.3 s history: never sent to that connection.
    for (let i = 0; i < 500 && d.replayingCount('m1') === 0; i++) await new Promise((res) => setTimeout(res, 5));
    d.emit('m1', 'swallowed tick');
    await r.waitFor((s) => records(s).some((x) => x.type === 'history-complete'));
    d.emit('m1', 'live after');
    await r.waitFor((s) => records(s).some((x) => x.type === 'gap-resolved' && x.recovered === 1), { timeoutMs: 15_000 });
    r.interrupt();
    expect(await r.exited).toBe(0);
    const recs = records(r.stdout());
    const gap = recs.find((x) => x.type === 'gap');
    expect(gap).toMatchObject({ reason: 'replay-hole', unverified: true });
    const swallowed = recs.filter((x) => x.type === 'line' && x.text === 'swallowed tick');
    expect(swallowed).toHaveLength(1);
    expect(swallowed[0]).toMatchObject({ recovered: true, fills: gap?.seq });
    const seqs = recs.filter((x) => x.seq !== undefined).map((x) => x.seq ?? 0);
    expect(swallowed[0]?.seq).toBe(Math.max(...seqs.filter((q) => q < (recs.find((x) => x.type === 'gap-resolved')?.seq ?? 0))));
    expect(recs.find((x) => x.type === 'gap-resolved')).toMatchObject({ fills: gap?.seq, recovered: 1 });
    // Every server line exactly once.
    const texts = recs.filter((x) => x.type === 'line').map((x) => x.text);
    expect([...texts].sort()).toEqual(d.record('m1').map((x) => x.message).sort());
  });

  it('human output tags a recovered line with the time it belongs at', async () => {
    const d = await cli.demo({ generation, replayDelayMs: 10, startupMs: 0, startupLogs: false, models: [{ name: 'm1' }] });
    await d.startModel('m1');
    for (let i = 0; i < 30; i++) d.emit('m1', `old ${i}`);
    const run = cli.spawn(['watch', '--model', 'm1', '--url', d.url, '--interval', '0.2']);
    for (let i = 0; i < 500 && d.replayingCount('m1') === 0; i++) await new Promise((res) => setTimeout(res, 5));
    d.emit('m1', 'swallowed tick');
    await run.waitFor(/history complete/);
    d.emit('m1', 'live after');
    await run.waitFor(/1 swallowed line recovered \(marked ↺ recovered, with the time it belongs at\)/, { timeoutMs: 15_000 });
    expect(run.stdout()).toMatch(/\[live\] \[↺ recovered \d\d:\d\d:\d\d\.\d{3}\] swallowed tick/);
    run.interrupt();
    expect(await run.exited).toBe(0);
  });
});

describe.each(['v1-seed', 'v2'] as const)('watch on %s: a replay-hole check that cannot finish', (generation) => {
  /** The CLI watching m1, its first replay done and its hole's check replaying 100 lines (1 s). */
  async function checkRunning(args: string[]): Promise<{ d: DemoServer; r: CliRun }> {
    const d = await cli.demo({ generation, replayDelayMs: 10, startupMs: 0, startupLogs: false, models: [{ name: 'm1' }] });
    await d.startModel('m1');
    for (let i = 0; i < 100; i++) d.emit('m1', `old ${i}`);
    const r = cli.spawn(['watch', '--model', 'm1', '--url', d.url, '--interval', '0.2', ...args]);
    // The first replay (1 s) ends; then the check connection replays the same history.
    const checking = () => d.subscriberCount('m1') === 1 && d.replayingCount('m1') === 1;
    for (let i = 0; i < 2000 && !checking(); i++) await new Promise((res) => setTimeout(res, 5));
    expect(d.subscriberCount('m1')).toBe(1);
    expect(d.replayingCount('m1')).toBe(1);
    return { d, r };
  }

  it('--json: the gap gets a gap-resolved record, outcome unknown, with the reason (model stopped during the check)', async () => {
    const { d, r } = await checkRunning(['--json']);
    d.stopModel('m1');
    d.dropConnections();
    await r.waitFor((s) => records(s).some((x) => x.type === 'gap-resolved'), { timeoutMs: 15_000 });
    r.interrupt();
    expect(await r.exited).toBe(0);
    const recs = records(r.stdout());
    const gap = recs.find((x) => x.type === 'gap');
    expect(gap).toMatchObject({ reason: 'replay-hole', unverified: true });
    const resolved = recs.filter((x) => x.type === 'gap-resolved');
    expect(resolved).toEqual([expect.objectContaining({ fills: gap?.seq, outcome: 'unknown', unchecked: 'model-stopped' })]);
    expect(resolved[0]).not.toHaveProperty('recovered');
    expect(resolved[0]?.seq).toBeGreaterThan(gap?.seq ?? Infinity);
  });

  it('human output, in English and Chinese, says the gap could not be checked, that lines may be missing, and why', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const { d, r } = await checkRunning(['--lang', lang]);
      d.stopModel('m1');
      d.dropConnections();
      const expected =
        lang === 'en'
          ? '┄┄ could not check the gap above (the model stopped before the check finished): lines may be missing there'
          : '┄┄ 无法核对上方的缺口（核对完成前模型已停止）：那里可能缺少日志';
      await r.waitFor((s) => s.includes(expected), { timeoutMs: 15_000 });
      const out = r.stdout();
      // The gap said it was being checked first; the resolution comes after it, once.
      const checking = lang === 'en' ? 'lines may be missing here, checking the server history' : '此处可能缺少日志，正在核对服务器历史';
      expect(out.indexOf(checking)).toBeGreaterThanOrEqual(0);
      expect(out.indexOf(expected)).toBeGreaterThan(out.indexOf(checking));
      expect(out.split(expected)).toHaveLength(2);
      r.interrupt();
      expect(await r.exited).toBe(0);
      await d.close();
    }
  });
});

describe.each(GENERATIONS)('watch on %s', (generation) => {
  it('keeps retrying until the model starts, then streams it', async () => {
    const d = await demoServer(generation, false);
    const run = cli.spawn(['watch', '--model', 'm1', '--url', d.url, '--interval', '0.2']);
    await run.waitFor(/m1 ○ not running/);
    await run.waitFor(/attempt 2/);
    await d.startModel('m1');
    await run.waitFor(/m1 ● connected/);
    d.emit('m1', 'first line after start');
    await run.waitFor(/\[\d\d:\d\d:\d\d\] \[live\] first line after start/);
    run.interrupt();
    expect(await run.exited).toBe(0);
  });

  it('prints the history, a separator, then live lines', async () => {
    const d = await demoServer(generation, true);
    d.emit('m1', 'old line one');
    d.emit('m1', 'old line two');
    // v3 lists one alias per model (its name); v1/v2 resolve the configured alias.
    const name = generation === 'v3' ? 'm1' : 'alias-1';
    const run = cli.spawn(['watch', '--model', name, '--url', d.url, '--interval', '0.2']);
    await run.waitFor(/history complete/);
    await run.waitFor(/connected/);
    d.emit('m1', 'fresh line');
    d.emit('m1', 'ERROR: CUDA error: out of memory');
    await run.waitFor(/hint: GPU out of memory/);
    const out = run.stdout();
    const one = out.indexOf('[history] old line one');
    const two = out.indexOf('[history] old line two');
    const sep = out.indexOf('history complete');
    const live = out.indexOf('[live] fresh line');
    expect(one).toBeGreaterThan(-1);
    expect(two).toBeGreaterThan(one);
    expect(sep).toBeGreaterThan(two);
    expect(live).toBeGreaterThan(sep);
    expect(out).toMatch(/\[live\] ERROR: CUDA error: out of memory\n {4}↳ hint: /);
    run.interrupt();
    expect(await run.exited).toBe(0);
  });

  it('--json delivers every server line exactly once across a server restart', async () => {
    const d = await demoServer(generation, true);
    const before = ['h-1', 'h-2', 'h-3'];
    for (const t of before) d.emit('m1', t);
    const r = cli.spawn(['watch', '--model', 'm1', '--url', d.url, '--interval', '0.2', '--json']);
    const has = (text: string) => () => records(r.stdout()).some((x) => x.type === 'line' && x.text === text);
    await r.waitFor((s) => records(s).some((x) => x.type === 'history-complete'));
    const live1 = ['l-1', 'l-2'];
    for (const t of live1) d.emit('m1', t);
    await r.waitFor(has('l-2'));
    const connectedCount = () => records(r.stdout()).filter((x) => x.type === 'status' && x.status?.connection === 'connected').length;
    const connectedBefore = connectedCount();
    await d.restart();
    // v1/v2 end every stream with the shutdown error frame, so the CLI must reconnect (and replay
    // the whole history). v3 streams just go silent and carry on, so there may be no reconnect.
    if (generation !== 'v3') await r.waitFor(() => connectedCount() > connectedBefore, { timeoutMs: 15_000 });
    const live2 = ['l-3', 'l-4'];
    for (const t of live2) d.emit('m1', t);
    await r.waitFor(has('l-4'));
    r.interrupt();
    expect(await r.exited).toBe(0);

    const recs = records(r.stdout());
    // Every record is one of the documented shapes.
    for (const x of recs) expect(['server', 'models', 'status', 'line', 'history-complete', 'gap', 'gap-resolved', 'cleared', 'problem']).toContain(x.type);
    const texts = recs.filter((x) => x.type === 'line').map((x) => x.text);
    const ours = texts.filter((t) => t !== undefined && /^[hl]-\d$/.test(t));
    expect(ours).toEqual([...before, ...live1, ...live2]);
    // Nothing else the server holds was shown twice either.
    expect(new Set(texts).size).toBe(texts.length);
    expect(recs.find((x) => x.type === 'line')).toMatchObject({ model: 'm1', origin: 'history' });
  });
});

describe('watch gives up', () => {
  it('exits 1 after two attempts against a closed port', async () => {
    const port = await closedPort();
    const r = await runCliOnce(['watch', '--url', `http://127.0.0.1:${port}`, '--max-attempts', '2', '--interval', '0.2'], {
      timeoutMs: 15_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Server http://127.0.0.1:${port} unreachable after 2 attempts; giving up.`);
  });

  it('exits 1 when the model never starts within max attempts', async () => {
    const d = await demoServer('v1-seed', false);
    const r = await runCliOnce(['watch', '--model', 'm1', '--url', d.url, '--max-attempts', '2', '--interval', '0.2'], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stdout.match(/m1 ○ not running/g)?.length).toBe(2);
    expect(r.stderr).toContain('Max attempts (2) reached');
  });

  it('exits 1 for a model the server does not have', async () => {
    const d = await demoServer('v1-oct', true);
    const r = await runCliOnce(['watch', '--model', 'nope', '--url', d.url], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown model on the server: nope \(m1, m2\)/);
  });
});
