import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelStatus } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { Dialog } from '../../components/dialog.js';
import { HealthDot } from '../../components/health-dot.js';
import { formatDuration } from '../../format.js';
import { useDropdown } from '../../hooks/use-dropdown.js';
import { useNow } from '../../hooks/use-now.js';
import { describeControlResult } from './control-result.js';
import { healthSummary } from './health-text.js';
import { problemText } from './problem-text.js';

type Result = { ok: boolean; message: string; status?: number };

/** Running (or on its way): the one control offered is Stop; otherwise Start. */
function isRunning(m: ModelStatus): boolean {
  if (m.lifecycle === 'unknown') return m.connection === 'connected' || m.connection === 'connecting';
  return m.lifecycle === 'starting' || m.lifecycle === 'init_script' || m.lifecycle === 'health_check' || m.lifecycle === 'routing';
}

/**
 * The selected model's header: health dot, name (and its server when there are several), what it is
 * doing and why it failed, one state-aware Start/Stop button, and a menu for notifications, watching
 * and "Stop all" (confirmed first).
 */
export function ModelHeader({ model }: { model: ModelStatus }) {
  const { t } = useTranslation();
  const { api, now: clock } = useServices();
  const now = useNow();
  const servers = useAppState((s) => s.servers);
  const server = servers.find((s) => s.id === model.serverId);
  const mute = useAppState((s) => s.settings?.notifications.mutes[model.key]);
  const muted = mute !== undefined && (mute === null || mute > clock());
  const menu = useDropdown();
  const [busy, setBusy] = useState(false);
  // A v1/v2 start is held open by the server for up to 300 s: show how long, and let the user stop waiting.
  const [startingSince, setStartingSince] = useState<number | null>(null);
  const runToken = useRef(0);
  const [result, setResult] = useState<{ key: string; text: string; ok: boolean } | null>(null);
  const [confirmStopAll, setConfirmStopAll] = useState(false);
  const h = healthSummary(t, model);
  const running = isRunning(model);

  const run = async (fn: () => Promise<Result>, starting = false) => {
    const token = ++runToken.current;
    setBusy(true);
    setStartingSince(starting ? clock() : null);
    setResult(null);
    let shown: { key: string; text: string; ok: boolean };
    try {
      const r = await fn();
      shown = { key: model.key, text: describeControlResult(t, r), ok: r.ok };
    } catch (err) {
      shown = { key: model.key, text: t('common.error', { message: err instanceof Error ? err.message : String(err) }), ok: false };
    }
    // The user stopped waiting (or started something else) meanwhile: this answer is not theirs any more.
    if (token !== runToken.current) return;
    setResult(shown);
    setBusy(false);
    setStartingSince(null);
  };
  const stopWaiting = () => {
    runToken.current++;
    setBusy(false);
    setStartingSince(null);
    setResult({ key: model.key, text: t('control.abandoned'), ok: false });
  };
  const act = (fn: () => Promise<unknown>) => () => {
    menu.setOpen(false);
    void fn().catch(() => undefined);
  };
  const setMute = (minutes: number | null) => act(() => api.invoke('model:mute', { key: model.key, minutes }));
  const since = h.stale ? model.connectionSince : model.lifecycle !== 'unknown' ? model.lifecycleSince : model.connectionSince;
  const reason = model.failureReason ?? model.lastProblem;

  return (
    <div className="model-header" data-health={h.health}>
      <HealthDot health={h.health} connection={model.connection} />
      <span className="model-title">{model.model}</span>
      {servers.length > 1 && server && (
        <span className="model-server" data-testid="model-server" title={server.url}>
          {t('header.onServer', { server: server.name })}
        </span>
      )}
      {model.aliases.some((a) => a !== model.model) && <span className="muted">{model.aliases.filter((a) => a !== model.model).join(', ')}</span>}
      <span className={`status-label health-text-${h.health}`} data-testid="model-health">
        {t(`modelHealth.${h.health}`)}
      </span>
      <span className={`status-conn status-text-${model.connection}`} data-testid="model-status">
        {model.overBudget === true ? t('tabs.notStreamed') : t(`status.${model.connection}`)}
      </span>
      {h.stale ? (
        <span className="muted" data-testid="stale-state" title={model.lifecycle !== 'unknown' ? t('tabs.staleTitle') : undefined}>
          {model.lifecycle !== 'unknown' && <>{t('tabs.wasState', { state: t(`lifecycle.${model.lifecycle}`) })} · </>}
          {t('tabs.since', { duration: formatDuration(t, now - since) })}
        </span>
      ) : (
        <span className="muted">
          {/* The step (init script, health check, routing …) unless it only repeats the health word. */}
          {model.lifecycle !== 'unknown' && t(`lifecycle.${model.lifecycle}`) !== t(`modelHealth.${h.health}`) && <>{t(`lifecycle.${model.lifecycle}`)} · </>}
          {t('tabs.since', { duration: formatDuration(t, now - since) })}
        </span>
      )}
      {model.nextRetryAt !== null && model.nextRetryAt > now && (
        // Rounded up: "retry in 0s" would read as "never" or "stuck".
        <span className="muted">{t('tabs.retryIn', { duration: formatDuration(t, model.nextRetryAt - now + 999) })}</span>
      )}
      {(h.health === 'failed' || reason) && (
        <span className="model-problem" title={h.title ?? (reason ? problemText(t, reason) : undefined)} data-testid="model-problem">
          {h.health === 'failed' && h.detail !== null ? h.detail : problemText(t, reason ?? '')}
        </span>
      )}
      <span className="toolbar-spacer" />
      {result && result.key === model.key && (
        <span className={`control-result${result.ok ? ' ok' : ' failed'}`} role="status" data-testid="control-result">
          {result.text}
        </span>
      )}
      <button
        type="button"
        className={`btn control-btn${busy ? ' busy' : running ? ' stop' : ' primary'}`}
        data-testid="model-control"
        disabled={busy}
        aria-busy={busy}
        onClick={() => void run(() => api.invoke(running ? 'model:stop' : 'model:start', { key: model.key }), !running)}
      >
        {busy
          ? startingSince !== null
            ? t('control.startingFor', { duration: formatDuration(t, now - startingSince) })
            : t('control.working')
          : running
            ? t('control.stopModel', { model: model.model })
            : t('control.startModel', { model: model.model })}
      </button>
      {busy && startingSince !== null && (
        <button type="button" className="btn" data-testid="stop-waiting" title={t('control.stopWaitingTitle')} onClick={stopWaiting}>
          {t('control.stopWaiting')}
        </button>
      )}
      <div className="menu-anchor model-menu" ref={menu.ref}>
        <button
          type="button"
          className={`chip${muted ? ' on warn' : ''}`}
          aria-haspopup="menu"
          aria-expanded={menu.open}
          data-testid="model-menu"
          title={t('tabs.menuTitle')}
          onClick={() => menu.setOpen(!menu.open)}
        >
          {muted ? t('tabs.muted') : t('tabs.menu')} ▾
        </button>
        {menu.open && (
          <div className="menu right" role="menu">
            <div className="menu-label">{t('tabs.muteGroup')}</div>
            {muted && (
              <button type="button" role="menuitem" onClick={setMute(0)}>
                {t('tabs.unmute')}
              </button>
            )}
            <button type="button" role="menuitem" onClick={setMute(60)}>
              {t('tabs.mute1h')}
            </button>
            <button type="button" role="menuitem" onClick={setMute(240)}>
              {t('tabs.mute4h')}
            </button>
            <button type="button" role="menuitem" onClick={setMute(480)}>
              {t('tabs.mute8h')}
            </button>
            <button type="button" role="menuitem" onClick={setMute(null)}>
              {t('tabs.muteForever')}
            </button>
            <div className="menu-sep" />
            <button type="button" role="menuitem" onClick={act(() => api.invoke('model:set-watched', { key: model.key, watched: !model.watched }))}>
              {model.watched ? t('tabs.unwatch') : t('tabs.watch')}
            </button>
            <div className="menu-sep" />
            <button
              type="button"
              role="menuitem"
              className="danger"
              data-testid="stop-all"
              onClick={() => {
                menu.setOpen(false);
                setConfirmStopAll(true);
              }}
            >
              {t('control.stopAllOn', { server: server?.name ?? model.serverId })}
            </button>
          </div>
        )}
      </div>
      {confirmStopAll && (
        <Dialog title={t('control.stopAllTitle')} onClose={() => setConfirmStopAll(false)}>
          <p>{t('control.confirmStopAll', { server: server?.name ?? model.serverId })}</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirmStopAll(false)}>
              {t('clearServer.cancel')}
            </button>
            <button
              type="button"
              className="btn danger"
              data-testid="confirm-stop-all"
              onClick={() => {
                setConfirmStopAll(false);
                void run(() => api.invoke('server:stop-all', { serverId: model.serverId }));
              }}
            >
              {t('control.stopAll')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
