// --verbose: every HTTP request the core makes, with its status, timing and (for failures) the body.
import { redactUrl } from '../core/credentials.js';
import type { Clock, DiagnosticLogger, FetchLike } from '../core/ports.js';
import type { MonitorEvent } from '../core/types.js';

const BODY_LIMIT = 300;

function describeInput(input: Parameters<FetchLike>[0]): string {
  if (typeof input === 'string') return redactUrl(input);
  if (input instanceof URL) return redactUrl(input.toString());
  return redactUrl(input.url);
}

/** Names of the extra headers a request carries: values (credentials) are never logged. */
function describeHeaders(init: Parameters<FetchLike>[1]): string {
  const h = init?.headers;
  if (!h) return '';
  const names = h instanceof Headers ? [...h.keys()] : Array.isArray(h) ? h.map(([k]) => k) : Object.keys(h);
  const extra = names.filter((n) => !/^(accept|content-type|content-length|last-event-id|cache-control)$/i.test(n));
  return extra.length > 0 ? ` [headers: ${extra.join(', ')}]` : '';
}

export function verboseFetch(inner: FetchLike, logger: DiagnosticLogger, clock: Clock): FetchLike {
  return async (input, init) => {
    const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
    const url = describeInput(input);
    const started = clock.now();
    logger.debug(`→ ${method} ${url}${describeHeaders(init)}`);
    try {
      const res = await inner(input, init);
      const ms = clock.now() - started;
      const type = res.headers.get('content-type') ?? '';
      if (res.ok) {
        logger.debug(`← ${res.status} ${method} ${url} (${ms} ms${type ? `, ${type}` : ''})`);
      } else {
        // Only error bodies are read (from a clone): a 200 event stream must stay untouched.
        let body = '';
        try {
          body = (await res.clone().text()).slice(0, BODY_LIMIT).replace(/\s+/g, ' ');
        } catch {
          body = '(body unreadable)';
        }
        logger.debug(`← ${res.status} ${method} ${url} (${ms} ms): ${body}`);
      }
      return res;
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      logger.debug(`✗ ${method} ${url}: ${err instanceof Error ? err.message : String(err)}${cause}`);
      throw err;
    }
  };
}

/** Connection-state changes and retry plans, for --verbose. */
export function describeForVerbose(event: MonitorEvent, now: number): string | null {
  switch (event.type) {
    case 'server': {
      const s = event.server;
      return `server ${s.url}: ${s.health}, generation ${s.generation ?? '?'}${s.version ? ` ${s.version}` : ''}${s.lastProblem ? ` (${s.lastProblem})` : ''}`;
    }
    case 'status': {
      const s = event.status;
      const retry = s.nextRetryAt !== null ? `, retry in ${Math.max(0, s.nextRetryAt - now)} ms` : '';
      return `${s.model}: ${s.connection}/${s.lifecycle}${s.lastProblem ? ` (${s.lastProblem})` : ''}${retry}`;
    }
    case 'problem':
      return `problem${event.key ? ` ${event.key}` : ''}: ${event.message}`;
    default:
      return null;
  }
}
