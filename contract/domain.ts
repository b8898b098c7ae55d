// The few runtime values of the core's vocabulary that the window needs too. They live in leaf
// modules of the core (type-only imports, enforced by lint), so the renderer reaches them
// through here without importing main runtime code.
export { LEVELS } from '../main/core/types.js';
export { NOTICE_REASON_NOT_JSON, settingsMessage } from '../main/core/settings/messages.js';
export { stripAnsi } from '../main/core/logs/ansi.js';
export { breakingLogError, modelHealth } from '../main/core/model-health.js';
export { resolveLanguage } from '../main/core/locale.js';
export { MAX_STREAMS_RANGE } from '../main/core/settings/limits.js';
