// Theme × language variants for screenshots, and contrast measured on the rendered colours.
import type { Page } from 'playwright-core';
import type { Harness } from './app-harness.js';
import { waitUntil } from './browser.js';

export const VARIANTS = [
  { theme: 'light', language: 'en' },
  { theme: 'dark', language: 'en' },
  { theme: 'light', language: 'zh-CN' },
  { theme: 'dark', language: 'zh-CN' },
] as const;

export type Look = (typeof VARIANTS)[number];

/** Switches theme and language the way the settings view does, and waits until the page shows both. */
export async function setLook(h: Harness, page: Page, v: Look): Promise<void> {
  await h.controller.handleCommand('settings:update', { patch: { theme: v.theme, language: v.language } });
  const expr = `document.documentElement.dataset.theme === ${JSON.stringify(v.theme)} && document.documentElement.lang === ${JSON.stringify(v.language)}`;
  await waitUntil(async () => (await page.evaluate(expr)) === true, 10_000, `theme ${v.theme} and language ${v.language}`);
}

/** Page-side colour maths: parse a computed colour, relative luminance, WCAG ratio. */
const COLOUR_FNS = `
  const parse = (c) => { const m = c.match(/[\\d.]+/g) || []; return { r: +m[0], g: +m[1], b: +m[2], a: m[3] === undefined ? 1 : +m[3] }; };
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const l1 = lum(a), l2 = lum(b); return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05); };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
`;

/**
 * WCAG contrast of every visible text element (inside `scope`, default the whole body) against the
 * background it is drawn on (the first non-transparent background up its ancestors). Returns the
 * ones below `min` as "class "text" ratio".
 */
export async function lowContrast(page: Page, min: number, scope = 'body'): Promise<string[]> {
  return (await page.evaluate(`((min, scope) => {
    ${COLOUR_FNS}
    const out = [];
    for (const root of document.querySelectorAll(scope)) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (!own) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const st = getComputedStyle(el);
        if (st.visibility === 'hidden' || +st.opacity < 0.5) continue;
        if (el.closest(':disabled, [aria-disabled="true"]')) continue;
        const v = ratio(parse(st.color), bgOf(el));
        if (v < min) out.push(el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + v.toFixed(2));
      }
    }
    return out;
  })(${JSON.stringify(min)}, ${JSON.stringify(scope)})`)) as string[];
}

/** Contrast of the first element matching `selector`: its text colour against what is behind it. */
export async function textContrast(page: Page, selector: string): Promise<number> {
  return (await page.evaluate(`(() => {
    ${COLOUR_FNS}
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return -1;
    return ratio(parse(getComputedStyle(el).color), bgOf(el));
  })()`)) as number;
}

/** Elements matching `selector` whose content overflows their box (cut text), by their text. */
export async function cutText(page: Page, selector: string): Promise<string[]> {
  return (await page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent)`,
  )) as string[];
}

/** Group labels ("Show", "Origin", "View" …) not on the same line as the chips they label. */
export async function orphanLabels(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('.group-label[id]')].filter((l) => {
    const g = document.querySelector('[aria-labelledby="' + l.id + '"]');
    if (!g) return true;
    const a = l.getBoundingClientRect(), b = g.getBoundingClientRect();
    if (a.width === 0) return false;
    return Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > a.height / 2 || a.left > b.left;
  }).map((l) => l.textContent)`)) as string[];
}
