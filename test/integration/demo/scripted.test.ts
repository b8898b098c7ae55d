// The standalone demo mode: scripted models on (fast) timers, auto-start, seeded output.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDemoModels, startDemoServer, type DemoServer } from '../../../main/demo/server.js';
import { http, waitFor } from '../../helpers/demo-helpers.js';

let server: DemoServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('scripted demo models', () => {
  it('auto-start, tick, burst, recoverable OOM and crash on their own', async () => {
    const s = await startDemoServer({
      generation: 'v1-seed',
      startupMs: 0,
      replayDelayMs: 0,
      scripted: true,
      tickMs: 2,
      models: defaultDemoModels('v1-seed', { autoStart: true }),
    });
    server = s;
    await waitFor(() => s.record('fake-crash-d').some((e) => e.message === 'Killed'), 5000, 'crash');
    await waitFor(() => s.record('fake-burst-f').filter((e) => e.message.includes('burst line')).length >= 100, 5000, 'burst');
    await waitFor(() => s.record('fake-oom-g').some((e) => e.message.startsWith('ERROR: CUDA error: out of memory (recoverable')), 5000, 'oom');
    expect(s.status('fake-crash-d')).toBe('routing'); // v1: crash not noticed
    const crash = s.record('fake-crash-d').map((e) => e.message);
    expect(crash.slice(-3)).toEqual(['GGML_ASSERT(ctx->mem_buffer != NULL) failed', 'FATAL: fake backend crashed (abort)', 'Killed']);
    expect(crash.filter((m) => / tick \d+: /.test(m)).length).toBeGreaterThan(3);
    await waitFor(() => s.record('fake-chat-a').some((e) => e.message.includes('\u001b[33mwarn\u001b[0m')), 5000, 'ansi line');
    await waitFor(() => s.record('fake-chat-a').some((e) => /请求完成/.test(e.message)), 5000, 'chinese line');
    expect(s.status('fake-dead-e')).toBe('stopped');
    const health = (await http(`${s.url}/health`)).json<{ running_models: number }>();
    expect(health.running_models).toBe(6);
  });

  it('v3: a scripted crash marks the model failed', async () => {
    const s = await startDemoServer({
      generation: 'v3',
      startupMs: 0,
      scripted: true,
      tickMs: 2,
      v3FlushMs: 5,
      models: [{ name: 'fake-crash-d', behavior: 'crash-later', autoStart: true }],
    });
    server = s;
    await waitFor(() => s.status('fake-crash-d') === 'failed', 5000, 'failed');
    expect(s.record('fake-crash-d').at(-2)?.message).toBe('Killed');
  });

  it('close() settles a pending start instead of leaving it hanging', async () => {
    const s = await startDemoServer({ startupMs: 60_000, models: [{ name: 'slow' }] });
    const pending = s.startModel('slow');
    await s.close();
    await expect(pending).resolves.toBeUndefined();
  });

  it('the same seed gives the same scripted text', async () => {
    const run = async (): Promise<string[]> => {
      const s = await startDemoServer({ startupMs: 0, scripted: true, tickMs: 1, seed: 7, models: [{ name: 'm' }] });
      await s.startModel('m');
      await waitFor(() => s.record('m').filter((e) => e.message.includes('请求完成')).length >= 2, 5000, 'two requests');
      const texts = s.record('m').filter((e) => e.message.includes('请求完成')).map((e) => e.message).slice(0, 2);
      await s.close();
      return texts;
    };
    expect(await run()).toEqual(await run());
  });
});
