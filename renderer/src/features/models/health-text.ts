import type { TFunction } from 'i18next';
import { breakingLogError, modelHealth } from '../../../../contract/domain.js';
import type { ModelHealth } from '../../../../main/core/model-health.js';
import type { ModelStatus } from '../../../../main/core/types.js';
import { problemText } from './problem-text.js';

export interface HealthSummary {
  readonly health: ModelHealth;
  /** One word: failed / starting / ready / stopped (or the connection when that is the news). */
  readonly word: string;
  /** What went wrong or which step it is in, in plain words; null when there is nothing to add. */
  readonly detail: string | null;
  /** Full text for the tooltip (a failure reason can be long). */
  readonly title: string | null;
  /** The shown state is the last one a lost server reported, not a current fact. */
  readonly stale: boolean;
}

function signatureLabel(t: TFunction, sig: string | undefined): string | null {
  return sig !== undefined && sig !== 'generic-error' ? t(`signature.${sig}`, { defaultValue: sig }) : null;
}

/**
 * The model in a glance, for the tab's second line and the header: its health, and for a failed
 * model WHY (the failure's signature, else the server's reason), so "connected · routing" never hides
 * a model that logged "failed to load model".
 */
export function healthSummary(t: TFunction, m: ModelStatus): HealthSummary {
  const health = modelHealth(m);
  if (m.overBudget === true) {
    // Not a lost stream: the connection budget keeps it closed, and the tooltip says how to change that.
    return { health, word: t('tabs.notStreamed'), detail: null, title: m.lastProblem !== null ? problemText(t, m.lastProblem) : null, stale: false };
  }
  const stale = m.connection === 'disconnected';
  const reason = m.failureReason ?? null;
  if (stale) {
    const was = m.lifecycle !== 'unknown' ? t('tabs.wasState', { state: t(`modelHealth.${health}`) }) : null;
    return { health, word: t('status.disconnected'), detail: was, title: m.lastProblem !== null ? problemText(t, m.lastProblem) : null, stale };
  }
  if (health === 'failed') {
    const fromLog = breakingLogError(m);
    const sig = signatureLabel(t, (fromLog ?? (m.lifecycle === 'failed' ? m.lastError : null) ?? undefined)?.signature);
    const reasonText = reason !== null ? problemText(t, reason) : fromLog ? fromLog.text : null;
    return { health, word: t('modelHealth.failed'), detail: sig ?? reasonText, title: [sig, reasonText].filter(Boolean).join('\n') || null, stale };
  }
  if (health === 'starting') {
    const step = m.lifecycle === 'init_script' || m.lifecycle === 'health_check' ? t(`lifecycle.${m.lifecycle}`) : null;
    return { health, word: t('modelHealth.starting'), detail: step, title: null, stale };
  }
  if (health === 'ready') {
    // Errors the user has not seen yet in a model that keeps serving: name the newest.
    const recent = m.unreadErrors > 0 ? (signatureLabel(t, m.lastError?.signature ?? undefined) ?? t('signature.generic-error')) : null;
    return { health, word: t('modelHealth.ready'), detail: recent, title: recent !== null ? (m.lastError?.text ?? null) : null, stale };
  }
  if (health === 'stopped') {
    const word = m.lifecycle === 'unknown' ? t('status.not-running') : t('modelHealth.stopped');
    return { health, word, detail: null, title: m.lastProblem !== null ? problemText(t, m.lastProblem) : null, stale };
  }
  return { health, word: t(`status.${m.connection}`), detail: null, title: null, stale };
}
