// Which LLM-Manager API generation is behind a URL, in the documented probe order. Any non-JSON
// answer (an SPA's index.html, a proxy's error page) counts as "absent".
import type { Generation } from '../types.js';
import { describeReply, type HttpClient, type HttpReply } from '../stream/http-client.js';
import type { Result } from '../result.js';

export type ProbeResult = Result<{ readonly generation: Generation; readonly version: string | null }>;

function obj(reply: HttpReply): Record<string, unknown> | null {
  if (reply.kind !== 'reply' || reply.status !== 200) return null;
  const j = reply.json;
  return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : null;
}

export async function probeGeneration(http: HttpClient, timeoutMs = 5_000): Promise<ProbeResult> {
  const sys = await http.get('/api/system/info', timeoutMs);
  const sysJson = obj(sys);
  if (sysJson && typeof sysJson.version === 'string' && sysJson.version.startsWith('3.')) {
    return { ok: true, generation: 'v3', version: sysJson.version };
  }

  const apiHealth = await http.get('/api/health', timeoutMs);
  const apiHealthJson = obj(apiHealth);
  if (apiHealthJson && apiHealthJson.status === 'healthy' && apiHealthJson.role === 'Manager') {
    const info = obj(await http.get('/api/info', timeoutMs));
    return { ok: true, generation: 'v2', version: info && typeof info.version === 'string' ? info.version : null };
  }

  const health = await http.get('/health', timeoutMs);
  const healthJson = obj(health);
  if (healthJson && healthJson.status === 'ok') {
    return { ok: true, generation: 'v3', version: null };
  }
  if (healthJson && healthJson.status === 'healthy') {
    const all = await http.get('/api/models/all-models/info', timeoutMs);
    const allJson = obj(all);
    if (allJson && typeof allJson.models === 'object' && allJson.models !== null) {
      return { ok: true, generation: 'v1-oct', version: null };
    }
    // Otherwise the seed: it answers 400 "'model' 字段" here, and it is also the baseline for a
    // /health that says healthy next to an unrecognised status endpoint.
    return { ok: true, generation: 'v1-seed', version: null };
  }

  const replies = [sys, apiHealth, health];
  const network = replies.find((r) => r.kind === 'network');
  if (network && replies.every((r) => r.kind === 'network')) return { ok: false, message: describeReply(network) };
  return { ok: false, message: `not an LLM-Manager server (/health: ${describeReply(health)})` };
}
