// The one place that neutralises text from a server before anyone shows it (terminal, notification,
// tray menu, window title, search). Model output and model names are untrusted: an OSC sequence can
// retitle the terminal or write the clipboard (OSC 52), CSI can clear the screen or move the cursor,
// and the 8-bit C1 forms (U+009B CSI, U+009D OSC …) do the same on terminals that honour them.
//
// - stripAnsi: every escape sequence removed (7-bit and C1 forms), other characters kept. For
//   classification and search, which work on plain text.
// - sanitizeText: for one line of terminal output. Escape sequences and control characters removed;
//   with colours on, the server's colour codes (SGR) are parsed and re-rendered by our own code (a
//   whitelist of styles and colours, nothing else), followed by a reset.
// - sanitizeLabel: for a notification, tray label or title: plain text, controls gone, whitespace
//   collapsed, optionally shortened.
// - guardTerminal: the last pass on everything the CLI writes (our own text included): only plain
//   SGR colour sequences (`ESC [ digits ; m`) survive, and only when colours are on.
// - escapeJsonControls: JSON.stringify leaves C1 controls (and U+2028/9) raw; this escapes them.

// CSI: ESC [ or 0x9b, parameters, intermediates, a final byte (a missing final is consumed too).
// Strings: OSC (ESC ] / 0x9d), DCS (ESC P / 0x90), SOS (ESC X / 0x98), PM (ESC ^ / 0x9e),
// APC (ESC _ / 0x9f), up to BEL, ST (ESC \ or 0x9c) or the end of the text.
// Then the two-byte escapes (ESC + intermediates + final) and a lone ESC.
const ESCAPE_SRC =
  '(?:\\u001b\\[|\\u009b)([0-?]*)([ -/]*)([@-~]?)' +
  '|(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?' +
  '|\\u001b[ -/]*[0-~]' +
  '|\\u001b';
const ESCAPE_RE = new RegExp(ESCAPE_SRC, 'g');
/** Any character that can start an escape sequence. */
// eslint-disable-next-line no-control-regex
const ESCAPE_START = /[\u001b\u0090\u0098\u009b\u009c\u009d\u009e\u009f]/;
// C0 controls except TAB, DEL, C1 controls. LF/CR are handled apart (they become a space in a line).
// ESC is not here: it runs after ESCAPE_RE, which removed every ESC except those of kept colours.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
/** ANY_CONTROL except the newline. */
// eslint-disable-next-line no-control-regex
const CONTROL_NOT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const NEWLINES_RE = /\r\n|[\r\n]/g;

export function stripAnsi(s: string): string {
  // Fast path: most lines carry no escapes at all.
  if (!ESCAPE_START.test(s)) return s;
  return s.replace(ESCAPE_RE, '');
}

function validByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

/** SGR parameters → our own SGR sequence with only styles and colours we know, or '' when none. */
export function renderSgr(params: string): string {
  if (params === '') return '\u001b[0m';
  const nums = params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  const kept: number[] = [];
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i] ?? -1;
    if (n === 38 || n === 48 || n === 58) {
      const mode = nums[i + 1];
      if (mode === 5 && validByte(nums[i + 2] ?? -1)) {
        if (n !== 58) kept.push(n, 5, nums[i + 2] ?? 0);
        i += 2;
      } else if (mode === 2 && validByte(nums[i + 2] ?? -1) && validByte(nums[i + 3] ?? -1) && validByte(nums[i + 4] ?? -1)) {
        if (n !== 58) kept.push(n, 2, nums[i + 2] ?? 0, nums[i + 3] ?? 0, nums[i + 4] ?? 0);
        i += 4;
      } else {
        break; // malformed extended colour: ignore the rest
      }
      continue;
    }
    if (
      n === 0 ||
      n === 1 ||
      n === 2 ||
      n === 3 ||
      n === 4 ||
      n === 7 ||
      n === 9 ||
      (n >= 21 && n <= 29) ||
      (n >= 30 && n <= 37) ||
      n === 39 ||
      (n >= 40 && n <= 47) ||
      n === 49 ||
      (n >= 90 && n <= 97) ||
      (n >= 100 && n <= 107)
    ) {
      kept.push(n);
    }
  }
  return kept.length === 0 ? '' : `\u001b[${kept.join(';')}m`;
}

export interface SanitizeOptions {
  /** Re-render the server's colour codes with our own SGR (colours on). Default false. */
  readonly keepColour?: boolean;
}

/** One line of terminal output from untrusted text: see the file comment. */
export function sanitizeText(text: string, keepColourOrOpts: boolean | SanitizeOptions = false): string {
  const keepColour = typeof keepColourOrOpts === 'boolean' ? keepColourOrOpts : keepColourOrOpts.keepColour === true;
  if (!ANY_CONTROL.test(text)) return text;
  let coloured = false;
  let out = text;
  if (ESCAPE_START.test(out)) {
    out = out.replace(ESCAPE_RE, (tok: string, params?: string, inter?: string, final?: string) => {
      if (keepColour && final === 'm' && inter === '' && params !== undefined && /^[0-9;:]*$/.test(params)) {
        const sgr = renderSgr(params);
        if (sgr !== '') coloured = true;
        return sgr;
      }
      return '';
    });
  }
  out = out.replace(NEWLINES_RE, ' ').replace(CONTROL_RE, '');
  // Never let a line's own colour leak into the next one.
  return coloured ? `${out}\u001b[0m` : out;
}

/** A notification title/body line, tray label or window title: plain, single-line, bounded. */
export function sanitizeLabel(text: string, maxChars = 0): string {
  let t = text;
  if (ANY_CONTROL.test(t)) t = stripAnsi(t).replace(NEWLINES_RE, ' ').replace(CONTROL_RE, '').replace(/\t/g, ' ');
  t = t.trim();
  if (maxChars > 0 && t.length > maxChars) t = `${t.slice(0, maxChars - 1)}…`;
  return t;
}

/** Multi-line notification body: each line sanitised, line breaks kept. */
export function sanitizeMultiline(text: string, maxChars = 0): string {
  const t = text
    .split(/\r\n|\n/)
    .map((l) => sanitizeLabel(l))
    .join('\n');
  return maxChars > 0 && t.length > maxChars ? `${t.slice(0, maxChars - 1)}…` : t;
}

// Only `ESC [ digits/semicolons m` (what picocolors and renderSgr write) passes the final guard.
// eslint-disable-next-line no-control-regex
const PLAIN_SGR = /^\u001b\[[0-9;]*m$/;

/**
 * The last pass over text the CLI writes to a terminal, our own included. Newlines and tabs stay;
 * plain SGR colour sequences stay when `keepColour`; every other escape or control goes.
 */
export function guardTerminal(text: string, keepColour: boolean): string {
  // Nothing to do for the usual line (tested without copying it first).
  if (!CONTROL_NOT_NEWLINE.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      let l = line;
      if (ESCAPE_START.test(l)) l = l.replace(ESCAPE_RE, (tok: string) => (keepColour && PLAIN_SGR.test(tok) ? tok : ''));
      return l.replace(/\r/g, '').replace(CONTROL_RE, '');
    })
    .join('\n');
}

/** JSON text with C1 controls and the JS line separators written as \u escapes. */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u0080-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
