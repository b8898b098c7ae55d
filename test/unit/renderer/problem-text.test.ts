// Core problem texts (English, built in main/core) must read in Chinese in a zh-CN window, keep the
// parts the server or the log wrote, and leave unknown texts (a server's own Chinese message) alone.
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { problemText } from '../../../renderer/src/features/models/problem-text.js';
import { describeControlResult } from '../../../renderer/src/features/models/control-result.js';
import { createI18n } from '../../../renderer/src/i18n/index.js';
import { FakeApi, makeModel, makeServer, makeSettings } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';

const zh = createI18n('zh-CN');
const en = createI18n('en');
const tZh = zh.t.bind(zh);
const tEn = en.t.bind(en);

const SERVER_ZH = "模型 'x' 未启动或已停止 (当前状态: stopped)";

// raw core text → what a zh-CN window shows
const CASES: ReadonlyArray<readonly [string, string, string?]> = [
  ['server unreachable: fetch failed: connect ECONNREFUSED 127.0.0.1:8080', '服务器无法访问：127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？', 'server unreachable: Nothing is listening on 127.0.0.1:8080: is LLM-Manager running?'],
  ['fetch failed: connect ECONNREFUSED 127.0.0.1:8080', '127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？', 'Nothing is listening on 127.0.0.1:8080: is LLM-Manager running?'],
  ['fetch failed: other side closed', '连接被对方关闭', 'other side closed'],
  ['fetch failed: something odd', '请求失败：something odd'],
  ['fetch failed', '请求失败'],
  ['TypeError: fetch failed: connect ECONNREFUSED ::1:8080, connect ECONNREFUSED 127.0.0.1:8080', '::1:8080 上没有服务在监听：LLM-Manager 是否在运行？；127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？', 'TypeError: Nothing is listening on ::1:8080: is LLM-Manager running?, Nothing is listening on 127.0.0.1:8080: is LLM-Manager running?'],
  ['fetch failed: getaddrinfo ENOTFOUND gpu-box', '找不到主机 gpu-box（ENOTFOUND）', 'getaddrinfo ENOTFOUND gpu-box'],
  ['timed out after 5000 ms', '5000 毫秒后超时'],
  ['terminated: other side closed', '连接中断：连接被对方关闭'],
  [`unknown model: ${SERVER_ZH}`, `未知模型：${SERVER_ZH}`],
  ['unknown model: HTTP 404: model not found', '未知模型：HTTP 404：model not found'],
  ['server error: CUDA out of memory', '服务器错误：CUDA out of memory'],
  ['fetch failed: connect ECONNREFUSED 127.0.0.1:8080 (gave up after 5 attempts)', '127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？（已尝试 5 次，不再重试）', 'Nothing is listening on 127.0.0.1:8080: is LLM-Manager running? (gave up after 5 attempts)'],
  ['server error: 加载失败 (gave up after 3 attempts)', '服务器错误：加载失败（已尝试 3 次，不再重试）'],
  ['not an LLM-Manager server (/health: HTTP 404: Not Found)', '不是 LLM-Manager 服务器（/health：HTTP 404：Not Found）'],
  ['model list: HTTP 502: Bad Gateway nginx', '模型列表：HTTP 502：Bad Gateway nginx'],
  ['model stream: no snapshot received', '模型状态流：未收到模型状态'],
  ['history: fetch failed: other side closed', '历史日志：连接被对方关闭', 'history: other side closed'],
  ['the server ended the stream', '服务器结束了日志流'],
  ['stream closed by the server', '服务器关闭了日志流'],
  ['server not connected', '服务器未连接'],
  ['unknown server lab', '未知服务器 lab'],
  ['unknown model s1/Qwen3-8B', '未知模型 s1/Qwen3-8B'],
  ['This server (LLM-Manager v3) has no endpoint to clear logs.', '此服务器（LLM-Manager v3）没有清除日志的接口。'],
  ['stopping 3 model(s)', '正在停止 3 个模型'],
  ['HTTP 502: <b>upstream</b> down', 'HTTP 502：<b>upstream</b> down'],
  [
    'crashed (seen in the log; the server still reports routing): CUDA error: an illegal memory access',
    '已崩溃（日志中可见；服务器仍报告为运行中）：CUDA error: an illegal memory access',
  ],
  ['session ended (health_check)', '日志会话已结束（健康检查）'],
  ['bad frame (non-json): not JSON: {oops', '无效的数据帧（非 JSON）：不是 JSON：{oops'],
  ['Connect Timeout Error (attempted address: 10.0.0.2:8080, timeout: 10000ms)', '连接超时（地址：10.0.0.2:8080，时限：10000 毫秒）'],
  // Server texts and unknown shapes pass through untouched.
  [SERVER_ZH, SERVER_ZH],
  ['模型已在运行', '模型已在运行'],
  ['something new the core may say one day', 'something new the core may say one day'],
  ['HTTP 500', 'HTTP 500'],
  ['', ''],
];

describe('problemText', () => {
  it.each(CASES.map(([raw, zh]) => [raw, zh] as const))('zh-CN: %s', (raw, expected) => {
    expect(problemText(tZh, raw)).toBe(expected);
  });

  // English keeps the core's words, except where they are raw errno codes: those become plain words.
  it.each(CASES.map(([raw, , en]) => [raw, en ?? raw] as const))('en: %s', (raw, en) => {
    expect(problemText(tEn, raw)).toBe(en);
  });

  it('does not interpolate or escape server text', () => {
    expect(problemText(tZh, 'server error: {{detail}} & <x>')).toBe('服务器错误：{{detail}} & <x>');
    expect(problemText(tZh, 'unknown model: $t(problem.failed)')).toBe('未知模型：$t(problem.failed)');
  });

  it('control results: our fallback words are translated, a server message is kept', () => {
    expect(describeControlResult(tZh, { ok: true, message: 'stopping 2 model(s)' })).toBe(tZh('control.ok', { message: '正在停止 2 个模型' }));
    expect(describeControlResult(tZh, { ok: false, message: 'server not connected' })).toContain('服务器未连接');
    expect(describeControlResult(tZh, { ok: false, message: SERVER_ZH, status: 409 })).toContain(SERVER_ZH);
    expect(describeControlResult(tEn, { ok: false, message: 'server not connected' })).toBe('Failed: server not connected');
  });
});

describe('problem texts in the window', () => {
  beforeAll(() => fakeLayout());
  afterEach(cleanup);

  it('a zh-CN window shows the model problem, tab title and problem bar in Chinese', async () => {
    const raw = 'server unreachable: fetch failed: connect ECONNREFUSED 127.0.0.1:8080';
    const api = new FakeApi();
    api.state = {
      ...api.state,
      settings: makeSettings({ language: 'zh-CN' }),
      snapshot: {
        servers: [makeServer({ health: 'unreachable', lastProblem: 'fetch failed: connect ECONNREFUSED 127.0.0.1:8080' })],
        models: [makeModel('Qwen3-8B', { connection: 'disconnected', lastProblem: raw })],
      },
    };
    await renderApp(api, 'zh-CN');
    expect(screen.getByTestId('model-problem').textContent).toBe('服务器无法访问：127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？');
    expect(document.querySelector('[data-key="s1/Qwen3-8B"]')?.getAttribute('title')).toBe('服务器无法访问：127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？');
    expect(document.querySelector('[data-server="s1"]')?.getAttribute('title')).toContain('127.0.0.1:8080 上没有服务在监听：LLM-Manager 是否在运行？');
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'problem', key: 's1/Qwen3-8B', serverId: 's1', message: 'model list: HTTP 502: Bad Gateway' }] });
    });
    expect(screen.getByTestId('problem-bar').textContent).toContain('模型列表：HTTP 502：Bad Gateway');
    expect(document.body.textContent).not.toContain('server unreachable');
  });

  it('an English window shows the core text as it is', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B', { connection: 'not-running', lastProblem: SERVER_ZH })] },
    };
    await renderApp(api, 'en');
    expect(screen.getByTestId('model-problem').textContent).toBe(SERVER_ZH);
  });
});
