// Reads the server address out of LLM-Manager's config.json (`program.openai_host` / `openai_port`).
// Used by the CLI (`--config`, ./config.json) and by the app's "import from config.json".
// Pure: the caller reads the file; this only parses text.
import { isRecord } from './guards.js';
import { fail, type Result } from './result.js';

export type LlmManagerConfigResult = Result<{ readonly url: string; readonly host: string; readonly port: number }>;

/** LLM-Manager's own defaults when `program` omits host or port. */
export const LLM_MANAGER_DEFAULT_HOST = '0.0.0.0';
export const LLM_MANAGER_DEFAULT_PORT = 8080;

/** A listen-on-everything address is not something a client can connect to. */
function connectableHost(host: string): string {
  const h = host.trim();
  if (h === '0.0.0.0' || h === '' || h === '*') return '127.0.0.1';
  if (h === '::' || h === '[::]') return '[::1]';
  // A bare IPv6 literal needs brackets inside a URL.
  if (h.includes(':') && !h.startsWith('[')) return `[${h}]`;
  return h;
}

function parsePort(raw: unknown): number | string {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) n = Number(raw.trim());
  else return `program.openai_port must be a port number (1-65535), got ${JSON.stringify(raw)}`;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    return `program.openai_port must be a port number (1-65535), got ${JSON.stringify(raw)}`;
  }
  return n;
}

export function parseLlmManagerConfig(text: string): LlmManagerConfigResult {
  let data: unknown;
  try {
    // Windows editors like to save config.json with a BOM.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return fail(`config.json is not valid JSON: ${detail}`);
  }
  if (!isRecord(data)) return fail('config.json must contain a JSON object');
  const program = data['program'];
  if (program === undefined) return fail('config.json has no "program" section');
  if (!isRecord(program)) return fail('config.json "program" section must be an object');

  const rawHost = program['openai_host'] ?? LLM_MANAGER_DEFAULT_HOST;
  if (typeof rawHost !== 'string') {
    return fail(`program.openai_host must be a string, got ${JSON.stringify(rawHost)}`);
  }
  if (/[\s/?#@]/.test(rawHost.trim())) {
    return fail(`program.openai_host is not a host name: ${JSON.stringify(rawHost)}`);
  }
  const port = parsePort(program['openai_port'] ?? LLM_MANAGER_DEFAULT_PORT);
  if (typeof port === 'string') return fail(port);

  const host = connectableHost(rawHost);
  const url = `http://${host}:${port}`;
  try {
    new URL(url);
  } catch {
    return fail(`program.openai_host is not a host name: ${JSON.stringify(rawHost)}`);
  }
  return { ok: true, url, host, port };
}
