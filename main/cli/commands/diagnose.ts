// `llm-log-tray diagnose --model NAME`: the seed's one-shot diagnosis as a readable checklist.
import { crashInLog } from '../../core/logs/crash-evidence.js';
import type { ModelKey, ModelStatus } from '../../core/types.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import type { MessageKey } from '../i18n.js';
import { openSession, waitForServer } from '../session.js';

export interface DiagnoseOptions {
  readonly url: string;
  readonly model: string;
  readonly json: boolean;
  readonly timeoutMs: number;
}

export type CheckId = 'reachable' | 'generation' | 'model-known' | 'status' | 'stream';
export type CheckState = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  readonly id: CheckId;
  readonly state: CheckState;
  readonly detail: string;
}

const LABEL: Record<CheckId, MessageKey> = {
  reachable: 'diag.reachable',
  generation: 'diag.generation',
  'model-known': 'diag.modelKnown',
  status: 'diag.status',
  stream: 'diag.stream',
};

const ORDER: readonly CheckId[] = ['reachable', 'generation', 'model-known', 'status', 'stream'];

export function formatDiagnosis(ctx: Pick<CliContext, 'tr' | 'colors'>, opts: DiagnoseOptions, checks: readonly CheckResult[]): string[] {
  const { tr, colors: c } = ctx;
  const out = [c.bold(tr.t('diag.title', { model: opts.model, url: opts.url }))];
  for (const check of checks) {
    const mark =
      check.state === 'pass' ? c.green(`✔ ${tr.t('diag.pass')}`) : check.state === 'fail' ? c.red(`✘ ${tr.t('diag.fail')}`) : c.dim(`- ${tr.t('diag.skip')}`);
    out.push(`  ${mark}  ${tr.t(LABEL[check.id])}${check.detail ? c.dim(` — ${check.detail}`) : ''}`);
  }
  // Skipped checks are not failures of their own: counting them made one refused connection read as 5 failures.
  const failed = checks.filter((x) => x.state === 'fail').length;
  const allPassed = checks.every((x) => x.state === 'pass');
  out.push(allPassed ? c.green(tr.t('diag.allPass')) : c.red(tr.t('diag.someFail', { n: Math.max(1, failed) })));
  return out;
}

function describeStatus(s: ModelStatus): string {
  const parts: string[] = [s.connection];
  if (s.lifecycle !== 'unknown') parts.push(s.lifecycle);
  if (s.failureReason) parts.push(s.failureReason);
  if (s.connection !== 'connected' && s.lastProblem) parts.push(s.lastProblem);
  return parts.join(', ');
}

export async function runDiagnose(ctx: CliContext, opts: DiagnoseOptions): Promise<number> {
  const { tr } = ctx;
  const checks = new Map<CheckId, CheckResult>();
  const set = (id: CheckId, state: CheckState, detail: string): void => void checks.set(id, { id, state, detail });
  const timeoutText = tr.t('diag.timeout', { s: Math.round(opts.timeoutMs / 1000) });

  // One attempt is enough to tell "not running" from "streams fine"; retries would only slow the answer.
  const session = openSession(ctx, opts.url, { watch: [opts.model], policy: { maxAttempts: 1 } });
  let historyLines = 0;
  const completed = new Set<ModelKey>();
  const historyFor = new Map<ModelKey, number>();
  const unsubscribe = session.monitor.subscribe((event) => {
    if (event.type !== 'lines') return;
    for (const e of event.entries) {
      if (e.kind === 'line' && e.origin === 'history') historyFor.set(e.key, (historyFor.get(e.key) ?? 0) + 1);
      if (e.kind === 'marker' && e.marker === 'history-complete') completed.add(e.key);
    }
  });
  try {
    await session.monitor.start();
    const server = await waitForServer(session, opts.timeoutMs);
    if (!server || server.health !== 'healthy') {
      set('reachable', 'fail', server?.lastProblem ?? timeoutText);
    } else {
      set('reachable', 'pass', opts.url);
      if (server.generation) set('generation', 'pass', `${server.generation}${server.version ? ` ${server.version}` : ''}`);
      else set('generation', 'fail', server.lastProblem ?? '');
      const model = session.findModel(opts.model);
      if (!model) {
        set('model-known', 'fail', tr.t('watch.unknownModel', { model: opts.model }));
      } else {
        set('model-known', 'pass', model.aliases.length > 0 ? `${model.model} (${model.aliases.join(', ')})` : model.model);
        const key = model.key;
        const settled = await session.waitFor(() => {
          const s = session.findModel(opts.model);
          if (!s) return undefined;
          if (s.connection === 'connected' && completed.has(key)) return s;
          if (s.connection === 'not-running') return s;
          if (s.connection === 'disconnected' && s.nextRetryAt === null) return s;
          return undefined;
        }, opts.timeoutMs);
        const now = session.findModel(opts.model) ?? model;
        const running = now.connection === 'connected' || now.lifecycle === 'routing';
        // The same evidence `watch` uses: a failed state, or a crash in the recent log the server did
        // not notice (v1/v2 keep a dead model `routing`; a model that died loading sits in health_check).
        const crash = now.lifecycle === 'failed' ? null : crashInLog(session.monitor.entries(key));
        if (now.lifecycle === 'failed') set('status', 'fail', describeStatus(now));
        else if (crash !== null) set('status', 'fail', tr.t('diag.crashed', { line: crash, state: describeStatus(now) }));
        else set('status', running ? 'pass' : 'fail', describeStatus(now));
        historyLines = historyFor.get(key) ?? 0;
        if (completed.has(key)) set('stream', 'pass', tr.t('diag.lines', { n: historyLines }));
        else set('stream', 'fail', settled ? describeStatus(now) : timeoutText);
      }
    }
  } finally {
    unsubscribe();
    await session.close();
  }
  const results = ORDER.map((id) => checks.get(id) ?? { id, state: 'skip' as const, detail: '' });
  const ok = results.every((r) => r.state === 'pass');
  if (opts.json) ctx.out(JSON.stringify({ type: 'diagnosis', ok, model: opts.model, url: opts.url, checks: results }));
  else for (const l of formatDiagnosis(ctx, opts, results)) ctx.out(l);
  return ok ? EXIT_OK : EXIT_FAILURE;
}
