import Anser from 'anser';
import { memo, type CSSProperties, type ReactNode } from 'react';
import { matchRanges } from './log-filter.js';

interface Chunk {
  readonly text: string;
  readonly className: string;
  readonly style: CSSProperties | undefined;
}

const BASIC = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** xterm 256-colour palette entry as CSS (0–15 map to the theme's named classes instead). */
function paletteColor(n: number): string {
  if (n < 16) return `var(--ansi-${n < 8 ? BASIC[n] : `bright-${BASIC[n - 8]}`})`;
  if (n < 232) {
    const i = n - 16;
    const v = (c: number) => (c === 0 ? 0 : 55 + c * 40);
    return `rgb(${v(Math.floor(i / 36))}, ${v(Math.floor(i / 6) % 6)}, ${v(i % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g}, ${g}, ${g})`;
}

function colorOf(value: string | null, truecolor: string | null, kind: 'fg' | 'bg'): { cls?: string; css?: string } {
  if (!value) return {};
  if (value === 'ansi-truecolor' && truecolor) return { css: `rgb(${truecolor})` };
  const palette = /^ansi-palette-(\d+)$/.exec(value);
  if (palette) return { css: paletteColor(Number(palette[1])) };
  return { cls: `${value}-${kind}` };
}

/** ANSI text → styled chunks. Classes for the 16 named colours (themed), CSSOM styles otherwise. */
export function parseAnsi(text: string): Chunk[] {
  if (!text.includes('\u001b')) return [{ text, className: '', style: undefined }];
  const parts = Anser.ansiToJson(text, { use_classes: true, remove_empty: true });
  return parts.map((p) => {
    const fg = colorOf(p.fg, p.fg_truecolor, 'fg');
    const bg = colorOf(p.bg, p.bg_truecolor, 'bg');
    const classes = [fg.cls, bg.cls, ...p.decorations.map((d) => `ansi-${d}`)].filter(Boolean);
    const style: CSSProperties = {};
    if (fg.css) style.color = fg.css;
    if (bg.css) style.backgroundColor = bg.css;
    return { text: p.content, className: classes.join(' '), style: fg.css || bg.css ? style : undefined };
  });
}

/** Split chunks at search-match boundaries so matches can be wrapped in <mark>. */
function renderWithMarks(chunks: Chunk[], ranges: Array<[number, number]>): ReactNode[] {
  const out: ReactNode[] = [];
  let offset = 0;
  let r = 0;
  chunks.forEach((chunk, ci) => {
    const start = offset;
    const end = offset + chunk.text.length;
    const pieces: ReactNode[] = [];
    let pos = start;
    while (pos < end) {
      const range = ranges[r];
      if (!range || range[0] >= end) {
        pieces.push(chunk.text.slice(pos - start));
        pos = end;
        break;
      }
      if (range[1] <= pos) {
        r++;
        continue;
      }
      if (range[0] > pos) {
        pieces.push(chunk.text.slice(pos - start, range[0] - start));
        pos = range[0];
      }
      const markEnd = Math.min(range[1], end);
      pieces.push(
        <mark key={`m${pos}`} className="search-hit">
          {chunk.text.slice(pos - start, markEnd - start)}
        </mark>,
      );
      pos = markEnd;
      if (range[1] <= end) r++;
    }
    offset = end;
    if (chunk.className === '' && chunk.style === undefined) out.push(...pieces.map((p, i) => (typeof p === 'string' ? <span key={`${ci}-${i}`}>{p}</span> : p)));
    else
      out.push(
        <span key={ci} className={chunk.className || undefined} style={chunk.style}>
          {pieces}
        </span>,
      );
  });
  return out;
}

/** Log text as React text nodes: never HTML, escape codes become colours. */
export const AnsiText = memo(function AnsiText({ text, search }: { text: string; search: RegExp | null }) {
  const chunks = parseAnsi(text);
  if (!search) {
    return (
      <>
        {chunks.map((c, i) =>
          c.className === '' && c.style === undefined ? (
            <span key={i}>{c.text}</span>
          ) : (
            <span key={i} className={c.className || undefined} style={c.style}>
              {c.text}
            </span>
          ),
        )}
      </>
    );
  }
  const plain = chunks.map((c) => c.text).join('');
  return <>{renderWithMarks(chunks, matchRanges(plain, search))}</>;
});
