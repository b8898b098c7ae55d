// The built CLI's interactive mode, one-shot commands, config.json import and usage errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoGeneration, DemoServer } from '../../../main/demo/server.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';
import { cliTestScope, closedPort, runCliOnce } from './cli-process.js';

const cli = cliTestScope();

async function demoServer(generation: DemoGeneration = 'v1-seed'): Promise<DemoServer> {
  const demo = await cli.demo({ ...QUIET_DEMO, generation, v3FlushMs: 30, models: [{ name: 'm1' }, { name: 'm2' }] });
  await demo.startModel('m1');
  return demo;
}

describe('interactive with all commands piped at once', () => {
  it('probes the server and discovers its models before answering the first command', async () => {
    const d = await demoServer('v1-seed');
    d.emit('m1', 'a stored line');
    const run = cli.spawn(['interactive', '--url', d.url, '--interval', '0.2']);
    run.write('stats\nquit\n');
    run.endInput();
    const code = await run.exited;
    const out = run.stdout();
    expect(code).toBe(0);
    expect(out).not.toContain('No models.');
    expect(out).toMatch(/generation: v1-seed/);
    // v1-seed has /api/logs/stats: the interactive `stats` reads it too.
    expect(out).toMatch(/log entries: 1\b/);
    expect(out).toMatch(/^m1\s+\S/m);
    expect(out).toMatch(/^m2\s+\S/m);
  });
});

describe.each(['v1-seed', 'v3'] as const)('interactive on %s', (generation) => {
  it('answers stats, logs <model>, help and quit from piped stdin', async () => {
    const d = await demoServer(generation);
    d.emit('m1', 'stored line');
    d.emit('m1', 'ERROR: CUDA error: out of memory');
    // A retry interval longer than the test: m2 (stopped) is asked once and then stays 'not running'
    // (at 0.2 s, `stats` could catch it in the middle of a retry, 'connecting').
    const run = cli.spawn(['interactive', '--url', d.url, '--interval', '30']);
    await run.waitFor(/m1 ● connected/);
    await run.waitFor(/m2 ○ not running/);
    // Default view: errors only, with the model name.
    await run.waitFor(/\[m1\] \[history\] ERROR: CUDA error: out of memory/);
    expect(run.stdout()).not.toContain('stored line');

    run.write('stats\n');
    await run.waitFor(/Error groups[\s\S]*cuda-oom/);
    const stats = run.stdout();
    expect(stats).toMatch(/model\s+status\s+attempts\s+reconnects\s+lines\s+history\s+live\s+errors/);
    // v3 adds its own session lines to the history, so only the shape of the counts is fixed.
    expect(stats).toMatch(/m1\s+connected \(routing\)\s+1\s+0\s+(\d+)\s+\1\s+0\s+1\s/);
    expect(stats).toMatch(/m2\s+not running/);
    expect(stats).toContain('hint: GPU out of memory');

    run.write('logs m1\n');
    await run.waitFor(/Following m1\n[\s\S]*\[m1\] \[history\] stored line/);
    d.emit('m1', 'a live line');
    await run.waitFor(/\[m1\] \[live\] a live line/);

    run.write('help\n');
    await run.waitFor(/Commands:[\s\S]*quit/);
    run.write('nonsense\n');
    await run.waitFor(/Unknown command: nonsense/);
    run.write('quit\n');
    expect(await run.exited).toBe(0);
  });
});

describe('interactive clear --server', () => {
  it('asks for confirmation, then clears on the server', async () => {
    const d = await demoServer('v1-oct');
    d.emit('m1', 'to be cleared');
    const run = cli.spawn(['interactive', '--url', d.url, '--lang', 'en']);
    await run.waitFor(/m1 ● connected/);
    run.write('clear --server m1\n');
    await run.waitFor(/Clear m1's logs on the server \(keep 0 minutes\)\? \[y\/N\]/);
    run.write('n\n');
    await run.waitFor(/Cancelled\./);
    expect(d.record('m1').length).toBeGreaterThan(0);
    run.write('clear --server m1\n');
    await run.waitFor((s) => (s.match(/\[y\/N\]/g) ?? []).length === 2);
    run.write('y\n');
    await run.waitFor(/OK: /);
    expect(d.record('m1')).toEqual([]);
    run.endInput();
    expect(await run.exited).toBe(0);
  });
});

describe('diagnose', () => {
  it('passes for a running model', async () => {
    const d = await demoServer('v2');
    d.emit('m1', 'some history');
    const r = await runCliOnce(['diagnose', '--model', 'm1', '--url', d.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ PASS {2}server reachable/);
    expect(r.stdout).toMatch(/✔ PASS {2}API generation detected — v2/);
    expect(r.stdout).toMatch(/✔ PASS {2}log stream delivers history — \d+ history lines received/);
    expect(r.stdout).toContain('All checks passed.');
  });

  it('fails for a stopped model, an unknown model and a closed port', async () => {
    const d = await demoServer('v1-seed');
    const stopped = await runCliOnce(['diagnose', '--model', 'm2', '--url', d.url, '--timeout', '5', '--verbose']);
    expect(stopped.code).toBe(1);
    // --verbose: the generation probe and the stream's HTTP 400 with its body, on stderr.
    expect(stopped.stderr).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(stopped.stderr).toMatch(/← 400 GET \S+\/api\/models\/m2\/logs\/stream \(\d+ ms\): .*未启动或已停止/);
    expect(stopped.stdout).not.toContain('[verbose');
    expect(stopped.stdout).toMatch(/✘ FAIL {2}model running — not-running/);
    expect(stopped.stdout).toMatch(/check\(s\) failed/);

    const unknown = await runCliOnce(['diagnose', '--model', 'ghost', '--url', d.url, '--json']);
    expect(unknown.code).toBe(1);
    const report = JSON.parse(unknown.stdout) as { ok: boolean; checks: { id: string; state: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => `${c.id}:${c.state}`)).toEqual([
      'reachable:pass',
      'generation:pass',
      'model-known:fail',
      'status:skip',
      'stream:skip',
    ]);

    const port = await closedPort();
    const closed = await runCliOnce(['diagnose', '--model', 'm1', '--url', `http://127.0.0.1:${port}`, '--lang', 'zh-CN']);
    expect(closed.code).toBe(1);
    expect(closed.stdout).toMatch(/✘ 失败 {2}服务器可访问/);
  });
});

describe('diagnose uses the same crash evidence as watch', () => {
  it('v1-oct: a crashed model the server still calls routing FAILS with the crash line', async () => {
    const d = await demoServer('v1-oct');
    d.emit('m1', 'main: server is listening on http://127.0.0.1:18101 - starting the main loop');
    d.crashModel('m1', ['GGML_ASSERT(ctx->mem_buffer != NULL) failed', 'FATAL: fake backend crashed (abort)']);
    expect(d.status('m1')).toBe('routing');
    const r = await runCliOnce(['diagnose', '--model', 'm1', '--url', d.url, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { id: string; state: string; detail: string }[] };
    expect(report.ok).toBe(false);
    const status = report.checks.find((c) => c.id === 'status');
    expect(status?.state).toBe('fail');
    expect(status?.detail).toMatch(/^crashed: GGML_ASSERT\(ctx->mem_buffer != NULL\) failed \(the server still reports: connected, routing/);
  });

  it('v3: a model that printed FATAL and sits in health_check FAILS', async () => {
    const d = await demoServer('v3');
    d.emit('m1', 'llama_model_loader: loaded meta data with 33 key-value pairs');
    d.emit('m1', 'FATAL: failed to load model, exiting with status 1');
    d.setStatus('m1', 'health_check');
    const r = await runCliOnce(['diagnose', '--model', 'm1', '--url', d.url]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/✘ FAIL {2}model running — crashed: FATAL: failed to load model/);
  });

  it('a crash followed by a restart that came up is not held against the model', async () => {
    const d = await demoServer('v1-oct');
    d.crashModel('m1', ['FATAL: fake backend crashed (abort)']);
    d.stopModel('m1');
    await d.startModel('m1');
    d.emit('m1', 'llama_model_loader: loaded meta data with 33 key-value pairs');
    d.emit('m1', 'main: server is listening on http://127.0.0.1:18101 - starting the main loop');
    const r = await runCliOnce(['diagnose', '--model', 'm1', '--url', d.url]);
    expect(r.stdout).toContain('All checks passed.');
    expect(r.code).toBe(0);
  });
});

describe('start held open by the server (v1/v2: until healthy or the health check gives up)', () => {
  it('shows the new log lines while pending, then the server\'s own reason', async () => {
    const demo = await cli.demo({ generation: 'v1-oct', startupMs: 300, models: [{ name: 'dead', behavior: 'dies-at-start' }] });
    const r = await runCliOnce(['start', '--model', 'dead', '--url', demo.url, '--follow']);
    expect(r.code).toBe(1);
    // The model's last words, printed while the request was still pending…
    expect(r.stdout).toMatch(/\[(history|live)\] FATAL: failed to load model, exiting with status 1/);
    // …then the server's answer, with its reason.
    expect(r.stderr).toContain('健康检查失败: 聊天接口浅层检查超时: 服务在 300 秒内不可用');
  });

  it('Ctrl-C stops waiting (the server may still be starting the model)', async () => {
    const d = await cli.demo({ generation: 'v1-oct', startupMs: 400, healthCheckTimeoutMs: 60_000, models: [{ name: 'dead', behavior: 'dies-at-start' }] });
    const run = cli.spawn(['start', '--model', 'dead', '--url', d.url, '--follow']);
    await run.waitFor(/FATAL: failed to load model/);
    expect(d.status('dead')).toBe('health_check');
    run.interrupt();
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('Stopped waiting for dead to start; the server may still be starting it.');
  });
});

describe('one-shot control and stats', () => {
  it('start, clear and stop a model; unknown model exits 1', async () => {
    const d = await demoServer('v1-oct');
    const start = await runCliOnce(['start', '--model', 'm2', '--url', d.url]);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^OK: /);
    expect(d.status('m2')).toBe('routing');

    d.emit('m2', 'x');
    const clear = await runCliOnce(['clear', '--model', 'm2', '--keep-minutes', '0', '--url', d.url, '--json']);
    expect(clear.code).toBe(0);
    expect(JSON.parse(clear.stdout)).toMatchObject({ type: 'result', action: 'clear', model: 'm2', ok: true });
    expect(d.record('m2')).toEqual([]);

    const stop = await runCliOnce(['stop', '--model', 'm2', '--url', d.url]);
    expect(stop.code).toBe(0);
    expect(d.status('m2')).toBe('stopped');

    const ghost = await runCliOnce(['start', '--model', 'ghost', '--url', d.url]);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('Unknown model on the server: ghost (m1, m2)');
  });

  it('v3: a second alias (only GET /api/config/models lists it) is known to start and to stats', async () => {
    const demo = await cli.demo({ generation: 'v3', startupMs: 0, startupLogs: false, v3FlushMs: 30, models: [{ name: 'chat-a', aliases: ['chat-a-alias'] }] });
    const start = await runCliOnce(['start', '--model', 'chat-a-alias', '--url', demo.url, '--json']);
    expect(start.code).toBe(0);
    expect(JSON.parse(start.stdout)).toMatchObject({ type: 'result', action: 'start', model: 'chat-a', ok: true });
    const stats = await runCliOnce(['stats', '--url', demo.url, '--json']);
    const models = (JSON.parse(stats.stdout) as { models: { model: string; aliases: string[] }[] }).models;
    expect(models.find((m) => m.model === 'chat-a')?.aliases).toEqual(['chat-a', 'chat-a-alias']);
  });

  it('stats shows health, generation and /api/logs/stats', async () => {
    const d = await demoServer('v1-seed');
    d.emit('m1', 'one');
    const r = await runCliOnce(['stats', '--url', d.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/health: healthy/);
    expect(r.stdout).toMatch(/generation: v1-seed/);
    expect(r.stdout).toMatch(/log entries: \d+/);
    expect(r.stdout).toMatch(/m1\s+\d+\s+\d+/);

    const port = await closedPort();
    const down = await runCliOnce(['stats', '--url', `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Server http://127.0.0.1:${port} is unreachable`);
  });
});

describe('config.json import', () => {
  it('reads ./config.json from the working directory, and --config PATH', async () => {
    const d = await demoServer('v1-seed');
    const dir = cli.tempDir('llm-log-tray-cli-');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ program: { openai_host: '0.0.0.0', openai_port: d.port }, models: {} }));
    const fromCwd = await runCliOnce(['stats', '--verbose'], { cwd: dir });
    expect(fromCwd.code).toBe(0);
    expect(fromCwd.stdout).toContain(`Server http://127.0.0.1:${d.port}`);
    expect(fromCwd.stderr).toContain('(from cwd-config)');

    const viaFlag = await runCliOnce(['diagnose', '--model', 'm1', '--config', join(dir, 'config.json')]);
    expect(viaFlag.code).toBe(0);

    writeFileSync(join(dir, 'bad.json'), '{"program": {"openai_port": "eighty"}}');
    const bad = await runCliOnce(['stats', '--config', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/openai_port must be a port number/);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['watch', '--interval', 'abc'], /--interval must be a positive number/],
    [['watch', '--frobnicate'], /unknown option '--frobnicate'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['diagnose'], /--model is required/],
    [[], /Usage: llm-log-tray/],
  ])('%j', async (args, message) => {
    const r = await runCliOnce(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help exits 0', async () => {
    const r = await runCliOnce(['watch', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--max-attempts <n>');
  });
});
