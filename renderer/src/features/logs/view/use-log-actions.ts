import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey } from '../../../../../main/core/types.js';
import { useServices } from '../../../app-context.js';
import { downloadText } from '../download.js';
import { toNdjson, toPlainText } from '../log-filter.js';
import { useMarkerText } from '../log-row.js';
import type { EntryList } from '../../../stores/entry-list.js';

/** Copy, export and clear-view, with a one-line notice saying what happened. */
export function useLogActions(modelKey: ModelKey, visible: EntryList) {
  const { t } = useTranslation();
  const { api, logStore } = useServices();
  const markerText = useMarkerText();
  const [notice, setNotice] = useState<string | null>(null);

  const copySelection = useCallback(() => {
    const text = window.getSelection()?.toString() ?? '';
    // Say why nothing happened rather than leaving a menu click without an answer.
    if (!text) {
      setNotice(t('logs.copyNothing'));
      return;
    }
    // Absent outside a secure context; keep the old quiet behaviour there rather than throw.
    if (!(navigator.clipboard as Clipboard | undefined)) return;
    void navigator.clipboard.writeText(text).then(
      () => setNotice(t('logs.copied')),
      (err: unknown) => setNotice(t('common.error', { message: String(err) })),
    );
  }, [t]);

  const exportVisible = useCallback(
    (format: 'txt' | 'ndjson') => {
      const safe = modelKey.replace(/[^\w.-]+/g, '_');
      if (format === 'txt') downloadText(`${safe}.txt`, toPlainText(visible, markerText), 'text/plain');
      else downloadText(`${safe}.ndjson`, toNdjson(visible), 'application/x-ndjson');
    },
    [visible, modelKey, markerText],
  );

  const clearView = useCallback(() => {
    logStore.clear(modelKey);
    logStore.flush();
    api.invoke('logs:clear-local', { key: modelKey }).catch((err: unknown) => setNotice(t('common.error', { message: String(err) })));
  }, [api, logStore, modelKey, t]);

  return { notice, setNotice, copySelection, exportVisible, clearView };
}
