// Issue 10 point 2: a model id or log line carrying escape sequences (OSC title/clipboard, ESC[2J,
// the C1 forms U+009B/U+009D) must never reach the terminal raw, in any command, on stdout or
// stderr, with or without colours; `--json` escapes C1 controls.
import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../../main/demo/server.js';
import { cliTestScope } from '../cli/cli-process.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';

const OSC_TITLE = '\u001b]0;pwned\u0007';
const OSC_CLIPBOARD = '\u001b]52;c;ZXZpbA==\u0007';
const CLEAR = '\u001b[2J';
const C1_CSI = '\u009b2J';
const C1_OSC = '\u009d0;c1-title\u009c';
const EVIL_MODEL = `evil${OSC_TITLE}${OSC_CLIPBOARD}${CLEAR}model`;
const EVIL_LINE = `hello ${OSC_CLIPBOARD}${CLEAR}${C1_CSI}${C1_OSC} \u001b[31mred\u001b[0m world`;

/** No escape or control character except newline (and the plain SGR colours when allowed). */
function assertNeutral(text: string, allowSgr = false): void {
  // eslint-disable-next-line no-control-regex
  const withoutSgr = allowSgr ? text.replace(/\u001b\[[0-9;]*m/g, '') : text;
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(withoutSgr);
  if (bad) {
    const at = bad.index;
    throw new Error(`control U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} reached the terminal: ${JSON.stringify(withoutSgr.slice(Math.max(0, at - 40), at + 40))}`);
  }
}

const cli = cliTestScope();

async function evilServer(): Promise<DemoServer> {
  const demo = await cli.demo({ ...QUIET_DEMO, generation: 'v1-seed', models: [{ name: EVIL_MODEL }, { name: 'plain' }] });
  await demo.startModel(EVIL_MODEL);
  await demo.startModel('plain');
  demo.emit(EVIL_MODEL, EVIL_LINE);
  demo.emit('plain', `plain says ${OSC_TITLE}${C1_OSC}hi`);
  demo.emit('plain', 'CUDA error: out of memory \u009d52;c;Zm9v\u0007');
  return demo;
}

describe('terminal injection', () => {
  it('watch (human, no colour) shows the text but no escape or control from the server', async () => {
    const d = await evilServer();
    const run = cli.spawn(['watch', '--url', d.url, '--max-attempts', '1', '--interval', '0.2']);
    await run.waitFor(/plain says/);
    await run.waitFor(/world/);
    run.interrupt();
    await run.exited;
    const out = run.stdout();
    assertNeutral(out);
    assertNeutral(run.stderr());
    expect(out).toContain('hello');
    expect(out).toMatch(/red world/);
    expect(out).toMatch(/evilmodel/);
  });

  it('watch with colours keeps only plain colour codes (the server\'s red re-rendered by us)', async () => {
    const d = await evilServer();
    const run = cli.spawn(['watch', '--url', d.url, '--model', 'plain', '--model', EVIL_MODEL, '--interval', '0.2'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '' },
    });
    await run.waitFor(/world/);
    run.interrupt();
    await run.exited;
    const out = run.stdout();
    assertNeutral(out, true);
    assertNeutral(run.stderr(), true);
    expect(out).toContain('\u001b[31mred');
  });

  it('stats, diagnose and the unknown-model error stay neutral', async () => {
    const d = await evilServer();
    const stats = cli.spawn(['stats', '--url', d.url]);
    expect(await stats.exited).toBe(0);
    assertNeutral(stats.stdout());
    expect(stats.stdout()).toMatch(/evilmodel/);

    const diag = cli.spawn(['diagnose', '--url', d.url, '--model', EVIL_MODEL, '--timeout', '5']);
    await diag.exited;
    assertNeutral(diag.stdout());
    assertNeutral(diag.stderr());
    expect(diag.stdout()).toMatch(/evilmodel/);

    const unknown = cli.spawn(['start', '--url', d.url, '--model', `nope${OSC_CLIPBOARD}${C1_OSC}`]);
    expect(await unknown.exited).toBe(1);
    assertNeutral(unknown.stdout());
    assertNeutral(unknown.stderr());
    expect(unknown.stderr() + unknown.stdout()).toMatch(/nope/);
  });

  it('--json escapes C1 controls as \\u escapes and still carries the exact text', async () => {
    const d = await evilServer();
    const run = cli.spawn(['watch', '--json', '--url', d.url, '--model', EVIL_MODEL, '--interval', '0.2']);
    await run.waitFor(/world/);
    run.interrupt();
    await run.exited;
    const out = run.stdout();
    assertNeutral(out);
    expect(out).toContain('\\u009b2J');
    const line = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; text?: string })
      .find((r) => r.type === 'line');
    expect(line?.text).toBe(EVIL_LINE);
  });
});
