// v3 log sessions and their stored lines, read over plain HTTP (llm-manager-api.md, Era C):
// the sessions list (checked by a decoder, not cast) and `/lines` pages, newest first when paging back.
import type { V3Line } from '../stream/frame-decoder.js';
import { asV3Line } from '../stream/frame-decoder.js';
import { describeReply, type HttpClient } from '../stream/http-client.js';
import { isRecord } from '../guards.js';
import { fail, type Result } from '../result.js';

/** Most lines `/lines` answers per request. */
export const PAGE = 5000;
/** First page of a refill: a few flushes' worth of lines. */
export const TAIL_PAGE = 200;

/** One entry of `GET /api/logs/sessions`. */
export interface V3SessionInfo {
  readonly id: number;
  readonly running: boolean;
  /** Epoch seconds; null while running (or when the server did not say). */
  readonly endTime: number | null;
}


/** The sessions list, or null when the answer is not one. Entries without a numeric id are skipped. */
export function decodeSessions(json: unknown): V3SessionInfo[] | null {
  if (!Array.isArray(json)) return null;
  const out: V3SessionInfo[] = [];
  for (const s of json) {
    if (!isRecord(s) || typeof s.id !== 'number' || !Number.isFinite(s.id)) continue;
    out.push({
      id: s.id,
      running: s.status === 'running',
      endTime: typeof s.end_time === 'number' && Number.isFinite(s.end_time) ? s.end_time : null,
    });
  }
  return out;
}

export function decodeLines(json: unknown): V3Line[] | null {
  if (!Array.isArray(json)) return null;
  const out: V3Line[] = [];
  for (const v of json) {
    const l = asV3Line(v);
    if (l) out.push(l);
  }
  return out;
}

export type SessionsResult =
  | { readonly kind: 'ok'; readonly sessions: readonly V3SessionInfo[] }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'unknown-model'; readonly message: string }
  | { readonly kind: 'http-error'; readonly status: number; readonly message: string };

/** Stored lines of a session, ascending by id. */
export type Lines = Result<{ readonly lines: V3Line[] }>;

/** Reads sessions and lines of one v3 server. Pure HTTP; no state. */
export class V3LinesApi {
  constructor(private readonly http: HttpClient) {}

  async sessions(model: string, limit = 5): Promise<SessionsResult> {
    const reply = await this.http.get(`/api/logs/sessions?type=model&model=${encodeURIComponent(model)}&limit=${limit}`);
    if (reply.kind === 'network') return { kind: 'network', message: reply.message };
    if (reply.status === 404) return { kind: 'unknown-model', message: describeReply(reply) };
    const sessions = reply.status === 200 ? decodeSessions(reply.json) : null;
    if (!sessions) return { kind: 'http-error', status: reply.status, message: describeReply(reply) };
    return { kind: 'ok', sessions };
  }

  /** One page: the newest `limit` lines with id < before (all when before is null), ascending. */
  async page(sid: number, before: number | null, limit: number): Promise<Lines> {
    const q = `limit=${Math.max(1, Math.min(PAGE, limit))}${before !== null ? `&before=${before}` : ''}`;
    const reply = await this.http.get(`/api/logs/sessions/${sid}/lines?${q}`);
    if (reply.kind !== 'reply' || reply.status !== 200) return fail(describeReply(reply));
    const lines = decodeLines(reply.json);
    return lines ? { ok: true, lines } : fail('lines: unexpected answer');
  }

  /**
   * Is line `id` of session `sid` still stored, with the same timestamp? Tells a server that kept its
   * database (ids continue) from one that came back empty (ids start again, so ours mean nothing).
   */
  async holds(sid: number, id: number, ts: number): Promise<Result<{ readonly held: boolean }>> {
    const reply = await this.http.get(`/api/logs/sessions/${sid}/lines?limit=1&before=${id + 1}`);
    if (reply.kind !== 'reply') return fail(reply.message);
    if (reply.status === 404) return { ok: true, held: false };
    if (reply.status !== 200) return fail(describeReply(reply));
    const lines = decodeLines(reply.json);
    if (!lines) return fail('lines: unexpected answer');
    const l = lines[lines.length - 1];
    return { ok: true, held: l !== undefined && l.id === id && l.ts === ts };
  }

  /**
   * Everything the DB holds for a session with id > floor: the newest page first, then older pages
   * back to floor. Ids are global, so a jump alone proves nothing; the DB is the truth.
   */
  async after(sid: number, floor: number): Promise<Lines> {
    const collected: V3Line[][] = [];
    let before: number | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const limit: number = before === null ? TAIL_PAGE : Math.min(PAGE, before - floor - 1);
      if (limit <= 0) break;
      const got = await this.page(sid, before, limit);
      if (!got.ok) return got;
      const page = got.lines;
      const newer = page.filter((l) => l.id > floor);
      collected.unshift(newer);
      const oldest = page[0]?.id;
      if (oldest === undefined || page.length < limit || newer.length < page.length) break;
      before = oldest;
    }
    return { ok: true, lines: collected.flat() };
  }

  /** The newest `cap` lines of a session, ascending. */
  async history(sid: number, cap: number): Promise<Lines> {
    const pages: V3Line[][] = [];
    let before: number | null = null;
    let total = 0;
    while (total < cap) {
      const want = Math.min(PAGE, cap - total);
      const got = await this.page(sid, before, want);
      if (!got.ok) return got;
      const page = got.lines;
      if (page.length === 0) break;
      pages.unshift(page);
      total += page.length;
      const firstId = page[0]?.id;
      if (page.length < want || firstId === undefined) break;
      before = firstId;
    }
    return { ok: true, lines: pages.flat() };
  }
}
