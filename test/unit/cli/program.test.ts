import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../../main/cli/context.js';
import { runCli } from '../../../main/cli/program.js';
import type { MonitorOptions } from '../../../main/core/ports.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeMonitor } from '../../fakes/fake-monitor.js';
import { modelStats } from '../../fakes/monitor-data.js';
import { line, marker, server, status } from './fixtures.js';

function harness(argv: string[], monitor = new FakeMonitor(), env: Record<string, string> = { LANG: 'en_US.UTF-8' }) {
  let out = '';
  let err = '';
  const created: MonitorOptions[] = [];
  const interrupts = new Set<() => void>();
  const clock = new FakeClock();
  const deps: CliDeps = {
    argv,
    env,
    cwd: '/nonexistent-cwd',
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    readFile: async () => {
      throw Object.assign(new Error('no'), { code: 'ENOENT' });
    },
    fetch: async () => {
      throw new Error('no network in unit tests');
    },
    clock,
    random: () => 0.5,
    createMonitor: (o) => {
      created.push(o);
      return monitor;
    },
    onInterrupt: (h) => {
      interrupts.add(h);
      return () => interrupts.delete(h);
    },
  };
  return {
    deps,
    created,
    monitor,
    clock,
    interrupt: () => [...interrupts].forEach((h) => h()),
    out: () => out,
    err: () => err,
  };
}

describe('runCli usage errors (exit 2)', () => {
  it.each([
    [[], /Usage|usage/],
    [['bogus'], /unknown command 'bogus'/],
    [['watch', '--bogus'], /unknown option '--bogus'/],
    [['watch', '--interval', 'abc'], /--interval must be a positive number, got "abc"/],
    [['watch', '--interval', '0'], /--interval must be a positive number/],
    [['watch', '--max-attempts', '-2'], /--max-attempts must be a whole number/],
    [['watch', '--url', 'not a url'], /--url must be an http\(s\) URL/],
    [['watch', '--url', 'http://a:1', '--config', 'c.json'], /either --url or --config/],
    [['watch', '--config', 'missing.json'], /cannot read missing.json: ENOENT/],
    [['watch', '--lang', 'fr'], /--lang must be zh-CN or en/],
    [['start'], /--model is required/],
    [['diagnose', '--model', 'a', '--model', 'b'], /exactly one --model/],
    [['clear', '--model', 'a', '--keep-minutes', 'x'], /--keep-minutes must be a whole number/],
    [['stats', 'extra'], /too many arguments/],
  ])('%j', async (argv, message) => {
    const h = harness(argv);
    expect(await runCli(h.deps)).toBe(2);
    expect(h.err()).toMatch(message);
    expect(h.created).toHaveLength(0);
  });

  it('speaks Chinese when asked', async () => {
    const h = harness(['watch', '--interval', 'x', '--lang', 'zh-CN']);
    expect(await runCli(h.deps)).toBe(2);
    expect(h.err()).toContain('--interval 必须是正数');
  });

  it('--help exits 0 for the program and every command', async () => {
    for (const argv of [['--help'], ...['watch', 'interactive', 'stats', 'clear', 'start', 'stop', 'diagnose'].map((c) => [c, '--help'])]) {
      const h = harness(argv);
      expect(await runCli(h.deps)).toBe(0);
      expect(h.out()).toMatch(/Usage: llm-log-tray/);
    }
    const w = harness(['watch', '--help']);
    await runCli(w.deps);
    expect(w.out()).toContain('--max-attempts');
    expect(w.out()).toContain('--json');
  });
});

describe('watch (fake monitor)', () => {
  it('passes flags to the monitor and prints history, separator and live lines', async () => {
    const m = new FakeMonitor();
    const h = harness(['watch', '--url', 'http://127.0.0.1:9', '--model', 'Qwen3-8B', '--interval', '0.5', '--max-attempts', '3', '--no-color'], m);
    m.onStart = () => {
      queueMicrotask(() => {
        m.emit({ type: 'server', server: server() });
        m.emit({ type: 'status', status: status() });
        m.emit({ type: 'lines', key: 'cli/Qwen3-8B', entries: [line(), marker(), line({ seq: 3, origin: 'live', text: 'ready' })] });
        h.interrupt();
      });
    };
    expect(await runCli(h.deps)).toBe(0);
    expect(h.created[0]).toMatchObject({
      servers: [{ id: 'cli', url: 'http://127.0.0.1:9' }],
      watch: ['Qwen3-8B'],
      policy: { retryIntervalMs: 500, maxAttempts: 3 },
    });
    const out = h.out();
    expect(out).toContain('Qwen3-8B ● connected · routing');
    expect(out).toMatch(/\[\d\d:\d\d:\d\d\] \[history\] loading model\n── history complete ─+\n\[\d\d:\d\d:\d\d\] \[live\] ready\n/);
    expect(m.stopped).toBe(true);
  });

  it('exits 1 when every watched model has used its attempts', async () => {
    const m = new FakeMonitor();
    const h = harness(['watch', '--url', 'http://127.0.0.1:9', '--max-attempts', '2', '--json'], m);
    m.onStart = () => {
      queueMicrotask(() => {
        m.modelStats.set('cli/Qwen3-8B', modelStats({ attempts: 2 }));
        m.emit({ type: 'status', status: status({ connection: 'not-running', lifecycle: 'stopped', nextRetryAt: null }) });
      });
    };
    expect(await runCli(h.deps)).toBe(1);
    const records = h.out().trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(records.map((r) => r.type)).toEqual(['status', 'exit']);
    expect(h.err()).toMatch(/Max attempts \(2\) reached/);
  });

  it('exits 1 when the server never answers within max attempts (counted per interval)', async () => {
    const m = new FakeMonitor();
    const h = harness(['watch', '--url', 'http://127.0.0.1:9', '--max-attempts', '3', '--interval', '1'], m);
    let exited = false;
    m.onStart = () => {
      queueMicrotask(() => {
        m.emit({ type: 'server', server: server({ health: 'unreachable', generation: null, lastProblem: 'ECONNREFUSED' }) });
      });
    };
    const run = runCli(h.deps).then((code) => {
      exited = true;
      return code;
    });
    await new Promise((r) => setImmediate(r));
    h.clock.advance(2000);
    await new Promise((r) => setImmediate(r));
    expect(exited).toBe(false);
    h.clock.advance(600);
    expect(await run).toBe(1);
    expect(h.err()).toMatch(/unreachable after 3 attempts/);
  });

  it('exits 1 when no requested model exists on the server', async () => {
    const m = new FakeMonitor();
    const h = harness(['watch', '--url', 'http://127.0.0.1:9', '--model', 'nope'], m);
    m.onStart = () =>
      queueMicrotask(() => {
        m.emit({ type: 'server', server: server() });
        m.emit({ type: 'models', serverId: 'cli', models: [status({ watched: false })] });
      });
    expect(await runCli(h.deps)).toBe(1);
    expect(h.err()).toMatch(/Unknown model on the server: nope \(Qwen3-8B\)/);
  });
});

describe('one-shot commands (fake monitor)', () => {
  /** The control requests the command made (start, stop, clear, stop-all), with their arguments. */
  const controls = (m: FakeMonitor) => m.calls.filter((c) => ['startModel', 'stopModel', 'clearOnServer', 'stopAll'].includes(c.method));
  const ready = (m: FakeMonitor) => () =>
    queueMicrotask(() => {
      m.emit({ type: 'server', server: server() });
      m.emit({ type: 'models', serverId: 'cli', models: [status({ watched: false })] });
    });

  it('stop resolves aliases and reports the result', async () => {
    const m = new FakeMonitor();
    m.onStart = ready(m);
    m.controlResult = { ok: true, message: 'stopped' };
    const h = harness(['stop', '--model', 'qwen', '--url', 'http://127.0.0.1:9'], m);
    expect(await runCli(h.deps)).toBe(0);
    expect(controls(m)).toEqual([{ method: 'stopModel', args: ['cli/Qwen3-8B'] }]);
    expect(h.out()).toContain('OK: stopped');
  });

  it('start failure (HTTP 200 success:false) exits 1', async () => {
    const m = new FakeMonitor();
    m.onStart = ready(m);
    m.controlResult = { ok: false, message: "模型别名 'x' 未找到", status: 200 };
    const h = harness(['start', '--model', 'Qwen3-8B', '--url', 'http://127.0.0.1:9'], m);
    expect(await runCli(h.deps)).toBe(1);
    expect(h.err()).toContain("Failed: 模型别名 'x' 未找到");
  });

  it('clear passes keep-minutes; unknown model exits 1', async () => {
    const m = new FakeMonitor();
    m.onStart = ready(m);
    const h = harness(['clear', '--model', 'Qwen3-8B', '--keep-minutes', '5', '--url', 'http://127.0.0.1:9', '--json'], m);
    expect(await runCli(h.deps)).toBe(0);
    expect(controls(m)).toEqual([{ method: 'clearOnServer', args: ['cli/Qwen3-8B', 5] }]);
    expect(JSON.parse(h.out())).toMatchObject({ type: 'result', action: 'clear', ok: true, model: 'Qwen3-8B' });
    const m2 = new FakeMonitor();
    m2.onStart = ready(m2);
    const h2 = harness(['clear', '--model', 'nope', '--url', 'http://127.0.0.1:9'], m2);
    expect(await runCli(h2.deps)).toBe(1);
    expect(h2.err()).toMatch(/Unknown model on the server: nope \(Qwen3-8B\)/);
  });

  it('an unreachable server exits 1', async () => {
    const m = new FakeMonitor();
    m.onStart = () => queueMicrotask(() => m.emit({ type: 'server', server: server({ health: 'unreachable', lastProblem: 'ECONNREFUSED' }) }));
    const h = harness(['stats', '--url', 'http://127.0.0.1:9'], m);
    expect(await runCli(h.deps)).toBe(1);
    expect(h.err()).toMatch(/unreachable: ECONNREFUSED/);
  });
});
