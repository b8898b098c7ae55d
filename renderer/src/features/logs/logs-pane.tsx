import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../app-context.js';
import { formatDuration } from '../../format.js';
import { ModelMenu } from '../models/model-menu.js';
import { problemText } from '../models/problem-text.js';
import { useNow } from '../../hooks/use-now.js';
import { LogView } from './log-view.js';
import { useLogViewState } from './use-log-view-state.js';

/** Right side of the Logs view: the selected model's header strip and its log. */
export function LogsPane() {
  const { t } = useTranslation();
  const state = useLogViewState();
  const selectedKey = useAppState((s) => s.selectedKey);
  const model = useAppState((s) => s.models.find((m) => m.key === s.selectedKey));
  const problem = useAppState((s) => s.problems.findLast((p) => p.key === s.selectedKey));
  const [dismissed, setDismissed] = useState<number | null>(null);
  const now = useNow();
  if (selectedKey === null) return <div className="pane-empty">{t('logs.noModel')}</div>;
  return (
    <section className="logs-pane" aria-label={model?.model ?? selectedKey}>
      {model && (
        <div className="model-header">
          <span className={`dot status-${model.connection}`} aria-hidden="true" />
          <span className="model-title">{model.model}</span>
          {model.aliases.some((a) => a !== model.model) && (
            <span className="muted">{model.aliases.filter((a) => a !== model.model).join(', ')}</span>
          )}
          <span className={`status-label status-text-${model.connection}`} data-testid="model-status">
            {t(`status.${model.connection}`)}
          </span>
          {model.lifecycle !== 'unknown' && model.connection !== 'disconnected' && (
            <span className="muted">
              {t(`lifecycle.${model.lifecycle}`)} · {t('tabs.since', { duration: formatDuration(t, now - model.lifecycleSince) })}
            </span>
          )}
          {model.connection === 'disconnected' && (
            <span className="muted" data-testid="stale-state" title={model.lifecycle !== 'unknown' ? t('tabs.staleTitle') : undefined}>
              {model.lifecycle !== 'unknown' && <>{t('tabs.wasState', { state: t(`lifecycle.${model.lifecycle}`) })} · </>}
              {t('tabs.since', { duration: formatDuration(t, now - model.connectionSince) })}
            </span>
          )}
          {model.nextRetryAt !== null && model.nextRetryAt > now && (
            // Rounded up: "retry in 0s" would read as "never" or "stuck".
            <span className="muted">{t('tabs.retryIn', { duration: formatDuration(t, model.nextRetryAt - now + 999) })}</span>
          )}
          {(model.failureReason ?? model.lastProblem) && (
            <span className="model-problem" title={problemText(t, model.failureReason ?? model.lastProblem ?? '')} data-testid="model-problem">
              {problemText(t, model.failureReason ?? model.lastProblem ?? '')}
            </span>
          )}
          <span className="toolbar-spacer" />
          <ModelMenu model={model} />
        </div>
      )}
      {problem && problem.id !== dismissed && (
        <div className="problem-bar" role="status" data-testid="problem-bar">
          <span>{t('tabs.problem', { message: problemText(t, problem.message) })}</span>
          <button type="button" className="link-btn" onClick={() => setDismissed(problem.id)}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      <LogView modelKey={selectedKey} state={state} />
    </section>
  );
}
