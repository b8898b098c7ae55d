// The one sanitiser (issue 10 point 2): escape sequences and controls from a server never reach a
// terminal, a notification, a tray label or a title; colours are re-rendered only by our own code.
import { describe, expect, it } from 'vitest';
import { createAlertPolicy, type AlertNotification } from '../../../main/core/alerts/index.js';
import { escapeJsonControls, guardTerminal, renderSgr, sanitizeLabel, sanitizeText, stripAnsi } from '../../../main/core/logs/ansi.js';
import { defaultSettings } from '../../../main/core/settings/index.js';
import { computeTrayState, NO_UNREAD, type MenuItemModel } from '../../../main/core/tray-state.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { logLine, modelStatus, serverStatus } from '../../fakes/monitor-data.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const EVIL = `a${OSC52}b\u001b[2Jc\u009b2Jd\u009d0;t\u009ce\u001bPdcs\u001b\\f\u0007g\u0000h\u001b]0;unterminated`;

describe('stripAnsi', () => {
  it('removes 7-bit and C1 escape sequences, OSC/DCS strings, and a trailing unterminated OSC', () => {
    // eslint-disable-next-line no-control-regex
    expect(stripAnsi(EVIL).replace(/[\u0000\u0007]/g, '')).toBe('abcdefgh');
    expect(stripAnsi('plain 中文')).toBe('plain 中文');
    expect(stripAnsi('\u001b[1;31mred\u001b[0m')).toBe('red');
  });
});

describe('sanitizeText (one terminal line)', () => {
  it('without colours keeps only printable text, tabs, and turns line breaks into spaces', () => {
    const out = sanitizeText(`x\r\ny\rz\t${EVIL}`, false);
    expect(CONTROL.test(out)).toBe(false);
    expect(out).not.toContain('\u001b');
    expect(out).toBe('x y z\tabcdefgh');
  });

  it('with colours re-renders SGR through a whitelist and resets at the end', () => {
    expect(sanitizeText('\u001b[1;31mred\u001b[0m ok', true)).toBe('\u001b[1;31mred\u001b[0m ok\u001b[0m');
    // 8-bit CSI colour is re-rendered in the 7-bit form; conceal (8), blink (5) and junk are dropped.
    expect(sanitizeText('\u009b32mgreen', true)).toBe('\u001b[32mgreen\u001b[0m');
    expect(sanitizeText('\u001b[8;5mhidden', true)).toBe('hidden');
    expect(sanitizeText('\u001b[38;2;1;2;3mrgb', true)).toBe('\u001b[38;2;1;2;3mrgb\u001b[0m');
    expect(sanitizeText(`${OSC52}\u001b[?25l\u001b[2Jx`, true)).toBe('x');
  });

  it('renderSgr keeps only known styles and colours', () => {
    expect(renderSgr('')).toBe('\u001b[0m');
    expect(renderSgr('38;5;300')).toBe('');
    expect(renderSgr('1;8;93')).toBe('\u001b[1;93m');
  });
});

describe('guardTerminal (the last pass over everything the CLI writes)', () => {
  it('keeps newlines and plain colour codes only when colours are on', () => {
    const s = `\u001b[31mred\u001b[39m\nnext${OSC52}\u009b2J\r`;
    expect(guardTerminal(s, true)).toBe('\u001b[31mred\u001b[39m\nnext');
    expect(guardTerminal(s, false)).toBe('red\nnext');
  });
});

describe('escapeJsonControls', () => {
  it('writes C1 controls and U+2028/9 as \\u escapes, so the JSON round-trips', () => {
    const json = escapeJsonControls(JSON.stringify({ t: 'a\u009b2J\u009d\u2028b' }));
    expect(json).toBe('{"t":"a\\u009b2J\\u009d\\u2028b"}');
    expect((JSON.parse(json) as { t: string }).t).toBe('a\u009b2J\u009d\u2028b');
  });
});

describe('sanitizeLabel, notifications and tray labels', () => {
  it('labels are plain, single-line and bounded', () => {
    expect(sanitizeLabel(`  first\nnext\t${EVIL}`)).toBe('first next abcdefgh');
    expect(sanitizeLabel('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('a notification built from an evil model name and error line carries no escape or control', () => {
    const clock = new FakeClock();
    const shown: AlertNotification[] = [];
    const key = `local/m${OSC52}\u009d0;t\u009c`;
    const policy = createAlertPolicy({ clock, notifier: { show: (n) => shown.push(n) }, settings: () => defaultSettings(), systemLocale: () => 'en-US' });
    policy.handle({ type: 'status', status: modelStatus(key, {}) });
    policy.handle({ type: 'lines', key, entries: [logLine(key, `CUDA error: out of memory${OSC52}\u009b2J`, { level: 'error', signature: 'cuda-oom' })] });
    expect(shown).toHaveLength(1);
    const n = shown[0];
    expect(CONTROL.test(`${n?.title ?? ''}${(n?.body ?? '').replace(/\n/g, '')}`)).toBe(false);
    expect(n?.title).toContain('m');
    expect(n?.body).toContain('CUDA error: out of memory');
  });

  it('tray menu labels carry no escape or control', () => {
    const snap = { servers: [serverStatus('local')], models: [modelStatus(`local/evil${OSC52}\u001b[2J\u009b2J`, {})] };
    const st = computeTrayState(snap, NO_UNREAD, defaultSettings(), 'en', 0);
    const flat = (items: readonly MenuItemModel[]): MenuItemModel[] => items.flatMap((i) => (i.type === 'submenu' ? [i, ...flat(i.items)] : [i]));
    const labels = flat(st.menu).flatMap((i) => ('label' in i ? [i.label] : []));
    expect(labels.some((l) => l.includes('evil'))).toBe(true);
    for (const l of labels) expect(CONTROL.test(l), l).toBe(false);
  });
});
