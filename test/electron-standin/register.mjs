// `node --import ./test/electron-standin/register.mjs out/main/index.js`: the built main bundle runs
// unmodified, and its `import … from 'electron'` gets the stand-in (test-only; see README.md).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
