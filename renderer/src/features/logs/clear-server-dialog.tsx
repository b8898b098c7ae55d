import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { Dialog } from '../../components/dialog.js';
import { describeControlResult } from '../models/control-result.js';

export interface ClearServerDialogProps {
  readonly modelKey: ModelKey;
  readonly onClose: () => void;
  readonly onResult: (message: string) => void;
}

/** Confirm before clearing the server's history (it is shared by every client). */
export function ClearServerDialog({ modelKey, onClose, onResult }: ClearServerDialogProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const model = useAppState((s) => s.models.find((m) => m.key === modelKey));
  const server = useAppState((s) => s.servers.find((srv) => srv.id === model?.serverId));
  const [keep, setKeep] = useState('60');
  const [busy, setBusy] = useState(false);
  const keepMinutes = Number(keep);
  const valid = keep.trim() !== '' && Number.isInteger(keepMinutes) && keepMinutes >= 0;

  const confirm = async () => {
    if (!valid) return;
    setBusy(true);
    try {
      const result = await api.invoke('logs:clear-server', { key: modelKey, keepMinutes });
      onResult(describeControlResult(t, result));
    } catch (err) {
      onResult(t('common.error', { message: err instanceof Error ? err.message : String(err) }));
    }
    setBusy(false);
    onClose();
  };

  return (
    <Dialog title={t('clearServer.title')} onClose={onClose}>
      <p>{t('clearServer.body', { model: model?.model ?? modelKey, server: server?.name ?? model?.serverId ?? '' })}</p>
      <label className="field">
        <span>{t('clearServer.keepMinutes')}</span>
        <input type="number" min={0} step={1} value={keep} aria-invalid={!valid} onChange={(e) => setKeep(e.target.value)} />
      </label>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('clearServer.cancel')}
        </button>
        <button type="button" className="btn danger" disabled={!valid || busy} onClick={() => void confirm()}>
          {t('clearServer.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
