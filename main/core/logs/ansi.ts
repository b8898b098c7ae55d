// ANSI escape handling. Classification works on plain text; the renderer draws the colours itself.

// CSI (ESC [ … final, or the 8-bit C1 form 0x9b), OSC (ESC ] … BEL or ST), and the remaining
// two-byte ESC sequences (charset selection, keypad modes …). A lone ESC at the end is dropped too.
const ANSI_RE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]|\u001b$/g;

export function stripAnsi(s: string): string {
  // Fast path: most lines carry no escapes at all.
  if (s.indexOf('\u001b') === -1 && s.indexOf('\u009b') === -1 && s.indexOf('\u009d') === -1) return s;
  return s.replace(ANSI_RE, '');
}
