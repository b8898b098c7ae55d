// Turning control answers into the plain ControlResult the user sees.
import type { ControlResult } from '../types.js';
import { describeReply, messageFromJson, type HttpReply } from '../stream/http-client.js';

/** v1/v2: always HTTP 200 with `{success, message}`; success:false is a failure. */
export function v1ControlResult(reply: HttpReply, okFallback: string): ControlResult {
  if (reply.kind === 'network') return { ok: false, message: reply.message };
  const json = reply.json as { success?: unknown; message?: unknown } | undefined;
  if (reply.status === 200 && json && typeof json === 'object' && typeof json.success === 'boolean') {
    const message = typeof json.message === 'string' && json.message ? json.message : json.success ? okFallback : 'failed';
    return { ok: json.success, message, status: reply.status };
  }
  return { ok: false, message: describeReply(reply), status: reply.status };
}

/** v3: 202 accepted (work continues in the background), 409 conflict, 404 unknown. */
export function v3ControlResult(reply: HttpReply, okMessage: string): ControlResult {
  if (reply.kind === 'network') return { ok: false, message: reply.message };
  if (reply.status >= 200 && reply.status < 300) return { ok: true, message: okMessage, status: reply.status };
  return { ok: false, message: messageFromJson(reply.json) ?? describeReply(reply), status: reply.status };
}
