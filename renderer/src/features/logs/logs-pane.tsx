import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../app-context.js';
import { ModelHeader } from '../models/model-header.js';
import { problemText } from '../models/problem-text.js';
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
  if (selectedKey === null) return <div className="pane-empty">{t('logs.noModel')}</div>;
  return (
    <section className="logs-pane" aria-label={model?.model ?? selectedKey}>
      {model && <ModelHeader model={model} />}
      {problem && problem.id !== dismissed && (
        <div className="problem-bar" role="status" data-testid="problem-bar">
          <span>{t('tabs.problem', { message: problemText(t, problem.message) })}</span>
          <button type="button" className="link-btn" onClick={() => setDismissed(problem.id)}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      <LogView key={selectedKey} modelKey={selectedKey} state={state} />
    </section>
  );
}
