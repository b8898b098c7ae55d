import { describe, expect, it } from 'vitest';
import { isTerminal, lifecycleFromNotRunning, toLifecycle } from '../../../main/core/servers/adapter.js';
import { v1ControlResult, v3ControlResult } from '../../../main/core/servers/control-result.js';
import { describeReply } from '../../../main/core/stream/http-client.js';

describe('lifecycle parsing', () => {
  it('reads the status out of the 400 body', () => {
    expect(lifecycleFromNotRunning("模型 'fake-chat-a' 未启动或已停止 (当前状态: stopped)")).toBe('stopped');
    expect(lifecycleFromNotRunning("模型 'fake-gpu-c' 未启动或已停止 (当前状态: failed)")).toBe('failed');
    expect(lifecycleFromNotRunning('something else')).toBe('stopped');
    expect(toLifecycle('health_check')).toBe('health_check');
    expect(toLifecycle('weird')).toBe('unknown');
  });

  it('knows the terminal events', () => {
    expect(isTerminal({ kind: 'dropped', message: '' })).toBe(true);
    expect(isTerminal({ kind: 'history-complete' })).toBe(false);
  });
});

describe('control results', () => {
  it('v1/v2: HTTP 200 with success:false is a failure with the server message', () => {
    expect(
      v1ControlResult({ kind: 'reply', status: 200, json: { success: false, message: "模型别名 'X' 未找到" }, text: '' }, 'ok'),
    ).toEqual({ ok: false, message: "模型别名 'X' 未找到", status: 200 });
    expect(v1ControlResult({ kind: 'reply', status: 200, json: { success: true, message: '已停止' }, text: '' }, 'ok')).toEqual({
      ok: true,
      message: '已停止',
      status: 200,
    });
    expect(v1ControlResult({ kind: 'reply', status: 422, json: { detail: [{ msg: 'bad' }] }, text: '' }, 'ok').ok).toBe(false);
    expect(v1ControlResult({ kind: 'network', message: 'ECONNREFUSED' }, 'ok')).toEqual({ ok: false, message: 'ECONNREFUSED' });
  });

  it('v3: 202 ok, 409/404 failures with the detail', () => {
    expect(v3ControlResult({ kind: 'reply', status: 202, json: undefined, text: '' }, 'starting')).toEqual({
      ok: true,
      message: 'starting',
      status: 202,
    });
    expect(
      v3ControlResult({ kind: 'reply', status: 409, json: { detail: "model 'a' already routing" }, text: '' }, 'x'),
    ).toEqual({ ok: false, message: "model 'a' already routing", status: 409 });
  });

  it('describes an HTML error page in plain words', () => {
    const text = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    expect(describeReply({ kind: 'reply', status: 502, json: undefined, text })).toBe('HTTP 502: 502 Bad Gateway 502 Bad Gateway');
  });
});
