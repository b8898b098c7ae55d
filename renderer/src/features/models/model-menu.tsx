import { useTranslation } from 'react-i18next';
import type { ModelStatus } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { useDropdown } from '../../hooks/use-dropdown.js';

/** Per-model alert mute (1 h / 4 h / 8 h / until resumed) and watch toggle. */
export function ModelMenu({ model }: { model: ModelStatus }) {
  const { t } = useTranslation();
  const { api, now } = useServices();
  const mute = useAppState((s) => s.settings?.notifications.mutes[model.key]);
  const { open: open, setOpen: setOpen, ref } = useDropdown();
  const muted = mute !== undefined && (mute === null || mute > now());
  const act = (fn: () => Promise<unknown>) => () => {
    setOpen(false);
    void fn().catch(() => undefined);
  };
  const setMute = (minutes: number | null) => act(() => api.invoke('model:mute', { key: model.key, minutes }));
  return (
    <div className="menu-anchor model-menu" ref={ref}>
      <button type="button" className={`chip${muted ? ' on warn' : ''}`} aria-haspopup="menu" aria-expanded={open} data-testid="model-menu" onClick={() => setOpen(!open)}>
        {muted ? t('tabs.muted') : t('tabs.mute')} ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          {muted && (
            <button type="button" role="menuitem" onClick={setMute(0)}>
              {t('tabs.unmute')}
            </button>
          )}
          <button type="button" role="menuitem" onClick={setMute(60)}>
            {t('tabs.mute')} {t('tabs.mute1h')}
          </button>
          <button type="button" role="menuitem" onClick={setMute(240)}>
            {t('tabs.mute')} {t('tabs.mute4h')}
          </button>
          <button type="button" role="menuitem" onClick={setMute(480)}>
            {t('tabs.mute')} {t('tabs.mute8h')}
          </button>
          <button type="button" role="menuitem" onClick={setMute(null)}>
            {t('tabs.mute')} {t('tabs.muteForever')}
          </button>
          <div className="menu-sep" />
          <button type="button" role="menuitem" onClick={act(() => api.invoke('model:set-watched', { key: model.key, watched: !model.watched }))}>
            {model.watched ? t('tabs.unwatch') : t('tabs.watch')}
          </button>
        </div>
      )}
    </div>
  );
}
