import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A rule left unclosed by a merge swallows every rule after it (the browser reads them as nested):
// the log rows, toggles and hint rows then lose their styles. Each block must close, and a plain
// rule may only open inside an at-rule (@media, @supports), never inside another rule.
describe('renderer stylesheet', () => {
  it('closes every block and nests rules only inside at-rules', () => {
    const css = readFileSync(new URL('../../../renderer/src/styles/app.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const stack: string[] = [];
    const nested: string[] = [];
    let selector = '';
    for (const ch of css) {
      if (ch === '{') {
        const head = selector.trim();
        if (stack.length > 0 && !stack[stack.length - 1]!.startsWith('@') && !head.startsWith('&')) nested.push(`${stack[stack.length - 1]} > ${head}`);
        stack.push(head);
        selector = '';
      } else if (ch === '}') {
        expect(stack.length, 'a closing brace without an open block').toBeGreaterThan(0);
        stack.pop();
        selector = '';
      } else if (ch === ';') {
        selector = '';
      } else {
        selector += ch;
      }
    }
    expect(nested).toEqual([]);
    expect(stack).toEqual([]);
  });
});
