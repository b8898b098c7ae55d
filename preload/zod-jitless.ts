// The preload runs before the page's CSP meta tag is parsed: zod's one-time "may I eval?" probe says
// yes, and its compiled fast path then dies on the first validation under `script-src 'self'`
// (every invoke rejected with an EvalError, the window stuck on "Could not load the app state").
// jitless is read when a schema is built, so this module is imported before the contract.
import { config } from 'zod';

config({ jitless: true });
