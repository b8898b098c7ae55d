// The `stats` tables: per model (status, attempts, lines …), error groups with hints, and the server.
import type { ModelStats, ModelStatus, ServerStatus, VitalsSummary } from '../core/types.js';
import { colourConnection, formatClock, stripAnsi, type HumanFormatOptions } from './human-format.js';

/** Terminal columns a string takes: East Asian wide characters count twice, colour codes not at all. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Left-aligned table with a header row; cells may carry colour codes. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

export interface ModelStatsRow {
  readonly status: ModelStatus;
  readonly stats: ModelStats | null;
}

export function formatModelStatsTable(rows: readonly ModelStatsRow[], opts: HumanFormatOptions): string[] {
  const { tr, colors: c } = opts;
  if (rows.length === 0) return [tr.t('stats.noModels')];
  const header = [
    tr.t('stats.model'),
    tr.t('stats.status'),
    tr.t('stats.attempts'),
    tr.t('stats.reconnects'),
    tr.t('stats.lines'),
    tr.t('stats.history'),
    tr.t('stats.live'),
    tr.t('stats.errors'),
    tr.t('stats.warnings'),
    tr.t('stats.lps'),
  ].map((h) => c.bold(h));
  const body = rows.map(({ status, stats }) => {
    const lifecycle = status.lifecycle === 'unknown' ? '' : ` (${status.lifecycle})`;
    const errors = stats?.lines.byLevel.error ?? 0;
    return [
      stripAnsi(status.model),
      // Over the connection budget: not a lost stream, say what it is.
      (status.overBudget === true ? c.dim(tr.t('conn.notStreamed')) : colourConnection(status.connection, tr.connection(status.connection), c)) + lifecycle,
      String(stats?.attempts ?? 0),
      String(stats?.reconnects ?? 0),
      String(stats?.lines.total ?? 0),
      String(stats?.lines.history ?? 0),
      String(stats?.lines.live ?? 0),
      errors > 0 ? c.red(String(errors)) : '0',
      String(stats?.lines.byLevel.warning ?? 0),
      (stats?.linesPerSecond ?? 0).toFixed(1),
    ];
  });
  return renderTable(header, body);
}

/** The server's models as the one-shot `stats` sees them: no connection of ours, only what the server says. */
export function formatModelList(models: readonly ModelStatus[], opts: HumanFormatOptions): string[] {
  const { tr, colors: c } = opts;
  if (models.length === 0) return [tr.t('stats.noModels')];
  const header = [tr.t('stats.model'), tr.t('stats.aliases'), tr.t('stats.lifecycle'), tr.t('stats.failure')].map((h) => c.bold(h));
  const body = models.map((m) => [
    m.model,
    m.aliases.filter((a) => a !== m.model).join(', ') || '—',
    m.lifecycle === 'unknown' ? '—' : m.lifecycle === 'failed' ? c.red(m.lifecycle) : m.lifecycle,
    m.failureReason ?? '',
  ]);
  return renderTable(header, body);
}

export function formatErrorGroups(rows: readonly ModelStatsRow[], opts: HumanFormatOptions): string[] {
  const { tr, colors: c } = opts;
  const out: string[] = [c.bold(tr.t('stats.errorGroups'))];
  let any = false;
  for (const { status, stats } of rows) {
    for (const g of stats?.errorGroups ?? []) {
      any = true;
      out.push(
        `  ${stripAnsi(status.model)} ${c.red(g.signature)} ${tr.t('stats.seen', { count: g.count, first: formatClock(g.firstSeen), last: formatClock(g.lastSeen) })}`,
      );
      out.push(`    ${c.dim(stripAnsi(g.example))}`);
      out.push(c.magenta(`    ↳ ${tr.t('hint.prefix')}: ${tr.hint(g.signature)}`));
    }
    if (stats?.lastError && !(stats.errorGroups.length > 0)) {
      any = true;
      out.push(`  ${stripAnsi(status.model)} ${c.red(stripAnsi(stats.lastError.text))}`);
    }
  }
  if (!any) out.push(`  ${tr.t('stats.noErrors')}`);
  return out;
}

export function formatServerSummary(server: ServerStatus, opts: HumanFormatOptions): string[] {
  const { tr, colors: c } = opts;
  const health =
    server.health === 'healthy'
      ? c.green(tr.t('server.healthy'))
      : server.health === 'unreachable'
        ? c.red(tr.t('server.unreachable'))
        : tr.t('server.unknown');
  const out = [
    `${c.bold(tr.t('stats.server'))} ${server.url}`,
    `  ${tr.t('stats.health')}: ${health}${server.lastProblem && server.health !== 'healthy' ? c.dim(` — ${stripAnsi(server.lastProblem)}`) : ''}`,
    `  ${tr.t('stats.generation')}: ${server.generation ?? '?'}${server.version ? `  ${tr.t('stats.version')}: ${server.version}` : ''}`,
  ];
  if (server.logStats) {
    out.push(`  ${tr.t('stats.entries')}: ${server.logStats.totalEntries}  ${tr.t('stats.subscribers')}: ${server.logStats.totalSubscribers}`);
    const per = Object.entries(server.logStats.perModel);
    if (per.length > 0) {
      out.push(
        ...renderTable(
          [tr.t('stats.model'), tr.t('stats.entries'), tr.t('stats.subscribers')],
          per.map(([name, v]) => [name, String(v.entries), String(v.subscribers)]),
        ).map((l) => `    ${l}`),
      );
    }
  } else if (server.health === 'healthy') {
    out.push(`  /api/logs/stats: ${tr.t('stats.notAvailable')}`);
  }
  return out;
}

function num(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : v.toFixed(digits);
}

/** Per model: latest generation speed, its 5-minute median, prompt speed, requests, vLLM queue and KV. */
export function formatVitalsTable(rows: readonly { model: string; vitals: VitalsSummary | null }[], opts: HumanFormatOptions): string[] {
  const { tr, colors: c } = opts;
  const withData = rows.filter((r) => r.vitals !== null);
  if (withData.length === 0) return [c.bold(tr.t('vitals.title')), `  ${tr.t('vitals.none')}`];
  const header = [
    tr.t('stats.model'),
    tr.t('vitals.gen'),
    tr.t('vitals.median5m'),
    tr.t('vitals.prompt'),
    tr.t('vitals.requests24h'),
    tr.t('vitals.queue'),
    tr.t('vitals.kv'),
    tr.t('vitals.load'),
  ].map((h) => c.bold(h));
  const body = withData.map(({ model, vitals: v }) => {
    const s = v as VitalsSummary;
    const load = s.load ? [s.load.nCtx ?? '—', s.load.kvMiB !== undefined ? `${s.load.kvMiB} MiB` : '—', s.load.loadMs !== undefined ? `${(s.load.loadMs / 1000).toFixed(1)} s` : '—'].join(' / ') : '—';
    return [
      stripAnsi(model),
      num(s.genTps),
      num(s.genTpsMedian5m),
      num(s.promptTps),
      s.source === 'vllm' ? '—' : String(s.requests24h),
      s.running !== null || s.waiting !== null ? `${s.running ?? '—'}/${s.waiting ?? '—'}` : '—',
      s.kvCachePct !== null ? `${s.kvCachePct.toFixed(1)} %` : '—',
      load,
    ];
  });
  return [c.bold(tr.t('vitals.title')), ...renderTable(header, body)];
}
