// The built CLI's --max-streams (connection budget): validated like every numeric flag, one note for
// all the models left out (not a line each), and `stats` reads every running model's history while
// never holding more than the budget's streams open (counted at the demo server).
import { describe, expect, it } from 'vitest';
import type { DemoGeneration, DemoServer } from '../../../main/demo/server.js';
import { cliTestScope, runCliOnce } from './cli-process.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';

const cli = cliTestScope();

async function demoServer(generation: DemoGeneration, count: number, running: number): Promise<DemoServer> {
  const names = Array.from({ length: count }, (_, i) => `m${String(i).padStart(2, '0')}`);
  const demo = await cli.demo({ ...QUIET_DEMO, generation, v3FlushMs: 30, models: names.map((name) => ({ name })) });
  for (const name of names.slice(count - running)) await demo.startModel(name);
  return demo;
}

const NOTE = /not streamed: over the connection budget of (\d+) log streams \(raise Max streams in Settings \/ --max-streams\)/g;

describe('--max-streams validation (exit 2, a clear message)', () => {
  it.each([
    [['watch', '--max-streams', '0'], '--max-streams must be a whole number ≥ 1, got "0"'],
    [['watch', '--max-streams', '-3'], '--max-streams must be a whole number ≥ 1, got "-3"'],
    [['watch', '--max-streams', 'abc'], '--max-streams must be a whole number ≥ 1, got "abc"'],
    [['watch', '--max-streams', '2.5'], '--max-streams must be a whole number ≥ 1, got "2.5"'],
    [['watch', '--max-streams', '1001'], '--max-streams must be between 1 and 1000, got "1001"'],
    [['watch', '--max-streams', '1e9'], '--max-streams must be a whole number ≥ 1, got "1e9"'],
    [['interactive', '--max-streams', '100000'], '--max-streams must be between 1 and 1000, got "100000"'],
    [['stats', '--max-streams', '0'], '--max-streams must be a whole number ≥ 1, got "0"'],
  ])('%j', async (args, message) => {
    const r = await runCliOnce([...args, '--url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('is listed in --help with its range', async () => {
    const r = await runCliOnce(['watch', '--help']);
    expect(r.code).toBe(0);
    // commander wraps the help text: compare it with the line breaks folded.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('--max-streams <n> connection budget: at most N model log streams open at once (1-1000; streaming, running, then named models first) (default: 64)');
  });
});

describe('watch --max-streams', () => {
  it('streams the running models within the budget and prints ONE note for the rest', async () => {
    const d = await demoServer('v2', 30, 8);
    const r = cli.spawn(['watch', '--url', d.url, '--interval', '0.3', '--max-streams', '5'], { timeoutMs: 30_000 });
    // Five running models get a stream: m22 … m26 (running ones first, then by name).
    await r.waitFor((s) => ['m22', 'm23', 'm24', 'm25', 'm26'].every((m) => new RegExp(`${m} ● connected`).test(s)), { timeoutMs: 20_000 });
    // Several discovery rounds (v2 polls the model list with every health probe) print nothing new about the budget.
    await new Promise((res) => setTimeout(res, 2000));
    r.interrupt();
    expect(await r.exited).toBe(0);
    const out = r.stdout();
    const notes = [...out.matchAll(NOTE)];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.[1]).toBe('5');
    expect(out).toMatch(/problem: 25 watched model\(s\) not streamed: over the connection budget of 5 log streams/);
    for (const m of ['m27', 'm28', 'm29', 'm00']) expect(out).not.toMatch(new RegExp(`${m} ● connected`));
    expect(d.logStreams().peak).toBeLessThanOrEqual(10); // 5 streams + at most one short replay-hole check each (v2)
  });

  it('--json: every model has its status (overBudget, the reason), and one problem record', async () => {
    const d = await demoServer('v3', 12, 3);
    const r = cli.spawn(['watch', '--url', d.url, '--interval', '0.3', '--max-streams', '2', '--json'], { timeoutMs: 30_000 });
    const recs = (): Array<{ type: string; message?: string; status?: { model: string; connection: string; overBudget?: boolean; lastProblem: string | null } }> =>
      r.stdout().split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as never);
    await r.waitFor(() => recs().filter((x) => x.type === 'status' && x.status?.connection === 'connected').length >= 2, { timeoutMs: 20_000 });
    await new Promise((res) => setTimeout(res, 1500));
    r.interrupt();
    expect(await r.exited).toBe(0);
    const problems = recs().filter((x) => x.type === 'problem' && /connection budget/.test(x.message ?? ''));
    expect(problems.map((x) => x.message)).toEqual(['10 watched model(s) not streamed: over the connection budget of 2 log streams (raise Max streams in Settings / --max-streams)']);
    const connected = new Set(recs().filter((x) => x.type === 'status' && x.status?.connection === 'connected').map((x) => x.status?.model));
    expect([...connected].sort()).toEqual(['m09', 'm10']);
    const over = recs().filter((x) => x.type === 'status' && x.status?.overBudget === true);
    expect(new Set(over.map((x) => x.status?.model)).size).toBe(10);
    expect(d.logStreams().peak).toBeLessThanOrEqual(2);
  });
});

describe('stats --max-streams', () => {
  it('reads the history of every running model, at most N at once', async () => {
    const d = await demoServer('v3', 16, 6);
    const running = ['m10', 'm11', 'm12', 'm13', 'm14', 'm15'];
    running.forEach((m, i) => {
      const task = 100 + i;
      d.emit(m, `slot print_timing: id  0 | task ${task} | prompt eval time =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second)`);
      d.emit(m, `slot print_timing: id  0 | task ${task} |        eval time =    1000.00 ms /   ${50 + i} tokens (   20.00 ms per token,    ${50 + i}.00 tokens per second)`);
      d.emit(m, `slot print_timing: id  0 | task ${task} |       total time =    1071.66 ms /   ${70 + i} tokens`);
    });
    await new Promise((res) => setTimeout(res, 200)); // v3 stores its lines every 30 ms here
    const r = await runCliOnce(['stats', '--url', d.url, '--max-streams', '2', '--timeout', '8', '--json'], { timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { vitals: Record<string, { genTps: number | null } | null> };
    for (const [i, m] of running.entries()) expect(rec.vitals[m]?.genTps).toBe(50 + i);
    expect(rec.vitals['m00']).toBeNull();
    expect(d.logStreams().peak).toBeLessThanOrEqual(2);
    expect(d.logStreams().peak).toBeGreaterThan(0);
  }, 30_000);
});
