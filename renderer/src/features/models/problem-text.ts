import type { TFunction } from 'i18next';

/**
 * The core reports problems (ModelStatus.lastProblem / failureReason, ServerStatus.lastProblem, our own
 * ControlResult messages) as English text. Each shape it produces is matched here and rebuilt through
 * a `problem.*` key, recursing into the parts that are themselves core texts ("server unreachable:
 * fetch failed: …"). Parts the server or the log wrote (HTTP bodies, crash lines, model names) stay
 * verbatim, and a text of unknown shape (e.g. a Chinese server message) passes through unchanged.
 * The English keys reproduce the core's words, so English output equals the input.
 */
export function problemText(t: TFunction, raw: string): string {
  return translate(t, raw) ?? raw;
}

type Vars = Record<string, string>;
type Nest = (text: string) => string;

interface Rule {
  readonly re: RegExp;
  readonly key: string;
  /** Interpolation values from the match; `nest` translates a part that is itself a core text. */
  readonly vars?: (m: RegExpExecArray, nest: Nest, t: TFunction) => Vars;
}

const state = (t: TFunction, s: string): string => t(`problem.state.${s}`, { defaultValue: s });

// First match wins. The retry suffix wraps any other text, so it comes first.
const RULES: readonly Rule[] = [
  { re: /^([\s\S]+) \(gave up after (\d+) attempts\)$/, key: 'gaveUp', vars: (m, nest) => ({ detail: nest(g(m, 1)), attempts: g(m, 2) }) },
  { re: /^unknown model: ([\s\S]+)$/, key: 'unknownModelDetail', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^unknown model (\S[\s\S]*)$/, key: 'unknownModel', vars: (m) => ({ key: g(m, 1) }) },
  { re: /^unknown server (\S[\s\S]*)$/, key: 'unknownServer', vars: (m) => ({ id: g(m, 1) }) },
  { re: /^server error: ([\s\S]+)$/, key: 'serverError', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^server unreachable: ([\s\S]+)$/, key: 'serverUnreachable', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^not an LLM-Manager server \(\/health: ([\s\S]+)\)$/, key: 'notLlmManager', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^model list: ([\s\S]+)$/, key: 'modelList', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^model stream: ([\s\S]+)$/, key: 'modelStream', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^history: ([\s\S]+)$/, key: 'history', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^lines: unexpected answer$/, key: 'linesUnexpected' },
  {
    re: /^crashed \(seen in the log; the server still reports (\w+)\): ([\s\S]*)$/,
    key: 'crashedFromLog',
    vars: (m, _nest, t) => ({ lifecycle: state(t, g(m, 1)), line: g(m, 2) }),
  },
  { re: /^session ended \((\w+)\)$/, key: 'sessionEnded', vars: (m, _nest, t) => ({ lifecycle: state(t, g(m, 1)) }) },
  {
    re: /^bad frame \(([\w-]+)\): ([\s\S]*)$/,
    key: 'badFrame',
    vars: (m, nest, t) => ({ kind: t(`problem.frameKind.${g(m, 1)}`, { defaultValue: g(m, 1) }), detail: nest(g(m, 2)) }),
  },
  { re: /^not JSON: ([\s\S]*)$/, key: 'notJson', vars: (m) => ({ preview: g(m, 1) }) },
  { re: /^frame without a type: ([\s\S]*)$/, key: 'frameWithoutType', vars: (m) => ({ preview: g(m, 1) }) },
  { re: /^unknown frame type "([\s\S]*)"$/, key: 'unknownFrameType', vars: (m) => ({ type: g(m, 1) }) },
  { re: /^not a log line: ([\s\S]*)$/, key: 'notLogLine', vars: (m) => ({ preview: g(m, 1) }) },
  { re: /^not a model snapshot: ([\s\S]*)$/, key: 'notSnapshot', vars: (m) => ({ preview: g(m, 1) }) },
  // The body snippet after the status is the server's own text.
  { re: /^HTTP (\d{3}): ([\s\S]+)$/, key: 'http', vars: (m) => ({ status: g(m, 1), detail: g(m, 2) }) },
  { re: /^the server ended the stream$/, key: 'streamEnded' },
  { re: /^stream closed by the server$/, key: 'streamClosed' },
  { re: /^a new log session started$/, key: 'newSession' },
  { re: /^no running log session$/, key: 'noSession' },
  { re: /^no snapshot received$/, key: 'noSnapshot' },
  { re: /^server not connected$/, key: 'serverNotConnected' },
  { re: /^Re-enter the credentials for server ([\s\S]+) in Settings$/, key: 'credentialsNeeded', vars: (m) => ({ name: g(m, 1) }) },
  { re: /^not connected$/, key: 'notConnected' },
  { re: /^This server \(LLM-Manager v3\) has no endpoint to clear logs\.$/, key: 'noClearEndpoint' },
  { re: /^stopping (\d+) model\(s\)$/, key: 'stoppingModels', vars: (m) => ({ count: g(m, 1) }) },
  {
    re: /^not streamed: over the connection budget of (\d+) log streams \(raise Max streams in Settings \/ --max-streams\)$/,
    key: 'overBudget',
    vars: (m) => ({ max: g(m, 1) }),
  },
  // Fallback words of our ControlResults when the server gave none.
  { re: /^started$/, key: 'started' },
  { re: /^stopped$/, key: 'stopped' },
  { re: /^starting$/, key: 'starting' },
  { re: /^stopping$/, key: 'stopping' },
  { re: /^all models stopped$/, key: 'allStopped' },
  { re: /^cleared$/, key: 'cleared' },
  { re: /^failed$/, key: 'failed' },
  // Network errors (undici / Node) as errorMessage() or eventsource flatten them.
  { re: /^timed out after (\d+) ms$/, key: 'timedOut', vars: (m) => ({ ms: g(m, 1) }) },
  { re: /^This operation was aborted$/, key: 'aborted' },
  {
    re: /^Connect Timeout Error \(attempted address: (\S+), timeout: (\d+)ms\)$/,
    key: 'connectTimeout',
    vars: (m) => ({ address: g(m, 1), ms: g(m, 2) }),
  },
  { re: /^Headers Timeout Error$/, key: 'headersTimeout' },
  { re: /^Body Timeout Error$/, key: 'bodyTimeout' },
  { re: /^terminated$/, key: 'terminated' },
  { re: /^terminated: ([\s\S]+)$/, key: 'terminatedDetail', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^TypeError: (fetch failed[\s\S]*)$/, key: 'typeError', vars: (m, nest) => ({ detail: nest(g(m, 1)) }) },
  { re: /^fetch failed$/, key: 'fetchFailed' },
  { re: /^connect ECONNREFUSED (\S+)$/, key: 'refused', vars: (m) => ({ address: g(m, 1) }) },
  { re: /^connect ETIMEDOUT (\S+)$/, key: 'connectTimedOut', vars: (m) => ({ address: g(m, 1) }) },
  { re: /^connect EHOSTUNREACH (\S+)$/, key: 'hostUnreachable', vars: (m) => ({ address: g(m, 1) }) },
  { re: /^connect ENETUNREACH (\S+)$/, key: 'netUnreachable', vars: (m) => ({ address: g(m, 1) }) },
  { re: /^getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)$/, key: 'notFound', vars: (m) => ({ code: g(m, 1), host: g(m, 2) }) },
  { re: /^read ECONNRESET$/, key: 'reset' },
  { re: /^other side closed$/, key: 'otherSideClosed' },
  { re: /^socket hang up$/, key: 'hangUp' },
];

function g(m: RegExpExecArray, i: number): string {
  return m[i] ?? '';
}

/** The translated text, or null when `raw` has no shape we know. */
function translate(t: TFunction, raw: string, depth = 0): string | null {
  // Core texts nest a handful of levels at most; the bound only guards against pathological input.
  if (depth > 8) return null;
  const nest: Nest = (text) => translate(t, text, depth + 1) ?? text;

  const fetchFailed = /^fetch failed: ([\s\S]+)$/.exec(raw);
  if (fetchFailed) {
    // A cause we know ("connection refused") says everything; an unknown one keeps the "failed" prefix.
    const detail = g(fetchFailed, 1);
    const cause = translate(t, detail, depth + 1);
    return cause !== null ? tr(t, 'fetchFailedKnown', { detail: cause }) : tr(t, 'fetchFailedDetail', { detail });
  }

  for (const rule of RULES) {
    const m = rule.re.exec(raw);
    if (m) return tr(t, rule.key, rule.vars ? rule.vars(m, nest, t) : {});
  }

  // Node joins the errors of a multi-address connect attempt (IPv6 and IPv4) with ", ".
  const parts = raw.split(', ');
  if (parts.length > 1) {
    const translated = parts.map((p) => translate(t, p, depth + 1));
    if (translated.every((p) => p !== null)) return translated.join(tr(t, 'listSeparator', {}));
  }
  return null;
}

function tr(t: TFunction, key: string, vars: Vars): string {
  return t(`problem.${key}`, { ...vars, interpolation: { escapeValue: false } });
}
