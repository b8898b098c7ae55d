// Parser for the interactive monitor's commands (one line of user input → one command).

export type InteractiveCommand =
  | { readonly kind: 'empty' }
  | { readonly kind: 'stats' }
  | { readonly kind: 'logs'; readonly target: { readonly model: string } | 'all' | 'off' }
  | { readonly kind: 'clear-screen' }
  | { readonly kind: 'clear-server'; readonly model: string; readonly keepMinutes: number }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'invalid'; readonly input: string; readonly reason: 'unknown' | 'usage'; readonly usage?: string };

/** Splits on whitespace, honouring "double" and 'single' quotes (model names may contain spaces). */
export function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return tokens;
}

export function parseInteractiveCommand(line: string): InteractiveCommand {
  const tokens = tokenize(line.trim());
  const [head, ...args] = tokens;
  if (head === undefined) return { kind: 'empty' };
  switch (head.toLowerCase()) {
    case 'stats':
    case 's':
      return { kind: 'stats' };
    case 'logs':
    case 'log':
    case 'l': {
      const target = args.join(' ');
      if (target === '' || target.toLowerCase() === 'off') return { kind: 'logs', target: 'off' };
      if (target.toLowerCase() === 'all' || target === '*') return { kind: 'logs', target: 'all' };
      return { kind: 'logs', target: { model: target } };
    }
    case 'clear':
    case 'cls': {
      if (args.length === 0) return { kind: 'clear-screen' };
      const usage = 'clear --server <model> [minutes]';
      if (args[0] !== '--server' || args[1] === undefined || args.length > 3) {
        return { kind: 'invalid', input: line.trim(), reason: 'usage', usage };
      }
      const minutesText = args[2] ?? '0';
      if (!/^\d+$/.test(minutesText)) return { kind: 'invalid', input: line.trim(), reason: 'usage', usage };
      return { kind: 'clear-server', model: args[1], keepMinutes: Number(minutesText) };
    }
    case 'help':
    case 'h':
    case '?':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
    case 'q':
      return { kind: 'quit' };
    default:
      return { kind: 'invalid', input: line.trim(), reason: 'unknown' };
  }
}
