import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialStorage, LanguageSetting, PublicSettings, PublicSettingsResult, ThemeSetting, ValidationIssue } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { formatDateTime } from '../../format.js';
import { HeadersEditor } from './headers-editor.js';
import { issueText } from './issue-text.js';
import { describeKey } from './watched-list.js';
import { WatchedModels } from './watched-models.js';
import {
  NOTIFICATION_KINDS,
  NOTIFY_NUMBER_FIELDS,
  NUMBER_BOUNDS,
  NUMBER_FIELDS,
  draftFromSettings,
  patchFromDraft,
  type ServerDraft,
  type SettingsDraft,
} from './settings-draft.js';

function Issues({ issues, path, exact = false }: { issues: readonly ValidationIssue[]; path: string; exact?: boolean }) {
  const { t } = useTranslation();
  const mine = issues.filter((i) => i.path === path || (!exact && i.path.startsWith(`${path}.`)));
  if (mine.length === 0) return null;
  return (
    <div className="field-issues" role="alert" data-path={path}>
      {mine.map((i) => (
        <div key={`${i.path}-${i.messageKey}`}>{issueText(t, i)}</div>
      ))}
    </div>
  );
}

function Field({ label, path, issues, children }: { label: string; path: string; issues: readonly ValidationIssue[]; children: ReactNode }) {
  const bad = issues.some((i) => i.path === path || i.path.startsWith(`${path}.`));
  return (
    <label className={`field${bad ? ' has-issue' : ''}`} data-field={path}>
      <span className="field-label">{label}</span>
      {children}
      <Issues issues={issues} path={path} />
    </label>
  );
}

/**
 * Where header values are kept. With an OS keyring there is nothing to decide. Without one the view
 * says so once and asks; after the choice it shows a single line (with a way to change it).
 */
function CredentialStorageNote({
  protection,
  choice,
  onChoose,
}: {
  protection: 'keyring' | 'none';
  choice: CredentialStorage;
  onChoose: (c: CredentialStorage) => void;
}) {
  const { t } = useTranslation();
  if (protection === 'keyring') {
    return (
      <p className="muted" data-testid="credential-storage">
        {t('settings.credentialsEncrypted')}
      </p>
    );
  }
  if (choice === 'ask') {
    return (
      <div className="notice warning" role="alert" data-testid="credential-storage">
        <p>{t('settings.noKeyring')}</p>
        <div className="row">
          <button type="button" className="btn" data-choice="plain-text" onClick={() => onChoose('plain-text')}>
            {t('settings.storePlain')}
          </button>
          <button type="button" className="btn" data-choice="memory-only" onClick={() => onChoose('memory-only')}>
            {t('settings.storeMemory')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <p className="muted" data-testid="credential-storage">
      {choice === 'plain-text' ? t('settings.storedPlain') : t('settings.storedMemory')}{' '}
      <button type="button" className="btn link small" data-choice={choice === 'plain-text' ? 'memory-only' : 'plain-text'} onClick={() => onChoose(choice === 'plain-text' ? 'memory-only' : 'plain-text')}>
        {choice === 'plain-text' ? t('settings.storeMemory') : t('settings.storePlain')}
      </button>
    </p>
  );
}

/** A muted model by name; its server too when there are several (or it is no longer configured). */
function MutedModel({ label, several }: { label: { model: string; serverName: string }; several: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="mute-model">
      <span>{label.model}</span>
      {(several || label.serverName === '') && <span className="muted"> · {label.serverName || t('settings.serverRemoved')}</span>}
    </span>
  );
}

function newServerId(): string {
  const c = globalThis.crypto;
  return `srv-${c && 'randomUUID' in c ? c.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10)}`;
}

/** Every field of AppSettings; Save sends one patch and shows each ValidationIssue by its field. */
export function SettingsView() {
  const { t } = useTranslation();
  const { api } = useServices();
  const settings = useAppState((s) => s.settings);
  const models = useAppState((s) => s.models);
  const systemLocale = useAppState((s) => s.systemLocale);
  const [draft, setDraft] = useState<SettingsDraft | null>(() => (settings ? draftFromSettings(settings) : null));
  const [base, setBase] = useState<PublicSettings | null>(settings);
  const protection = useAppState((s) => s.credentialProtection);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const dirty = useMemo(() => !!(draft && base && JSON.stringify(draft) !== JSON.stringify(draftFromSettings(base))), [draft, base]);

  // Settings changed elsewhere (tray, import, language switch): take them unless the user is editing.
  useEffect(() => {
    if (settings && !dirty) {
      setDraft(draftFromSettings(settings));
      setBase(settings);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `dirty` is read here, not a trigger.
  }, [settings]);

  if (!settings || !draft || !base) return null;

  const apply = (r: PublicSettingsResult, okText: string) => {
    if (r.ok) {
      setIssues([]);
      setDraft(draftFromSettings(r.settings));
      setBase(r.settings);
      setMessage({ text: okText, ok: true });
    } else {
      setIssues(r.issues);
      setMessage({ text: t('settings.notSaved'), ok: false });
    }
  };
  const guard = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      setMessage({ text: t('common.error', { message: err instanceof Error ? err.message : String(err) }), ok: false });
    }
  };

  const save = () => guard(async () => apply(await api.invoke('settings:update', { patch: patchFromDraft(draft, base) }), t('settings.saved')));
  const quick = (patch: { language: LanguageSetting } | { theme: ThemeSetting } | { credentialStorage: CredentialStorage }) =>
    guard(async () => {
      const r = await api.invoke('settings:update', { patch });
      if (!r.ok) setIssues(r.issues);
    });
  const reset = () =>
    guard(async () => {
      if (!window.confirm(t('settings.confirmReset'))) return;
      apply(await api.invoke('settings:reset', {}), t('settings.saved'));
    });
  const importConfig = (file: File) =>
    guard(async () => {
      const text = await file.text();
      const r = await api.invoke('settings:import-llm-manager-config', { text });
      if (r.ok) apply(r, t('settings.imported'));
      else {
        setIssues(r.issues);
        setMessage({ text: `${t('settings.importFailed')}: ${r.issues.map((i) => issueText(t, i)).join('; ')}`, ok: false });
      }
    });

  const update = (patch: Partial<SettingsDraft>) => setDraft({ ...draft, ...patch });
  const updateServer = (i: number, patch: Partial<ServerDraft>) =>
    update({ servers: draft.servers.map((s, j) => (j === i ? { ...s, ...patch } : s)) });

  // Server names as being edited above (a server still unnamed in the draft keeps its saved name).
  const watchedServers = draft.servers.map((s) => ({ id: s.id, url: s.url, name: s.name.trim() || (base.servers.find((b) => b.id === s.id)?.name ?? '') }));

  return (
    <div className="settings-view" data-testid="settings-view">
      <div className="settings-actions sticky">
        <h2>{t('settings.title')}</h2>
        {dirty && <span className="muted">{t('settings.unsaved')}</span>}
        {message && (
          <span className={message.ok ? 'ok-text' : 'error-text'} role="status" data-testid="settings-message">
            {message.text}
          </span>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="btn" disabled={!dirty} onClick={() => { setDraft(draftFromSettings(base)); setIssues([]); setMessage(null); }}>
          {t('settings.revert')}
        </button>
        <button type="button" className="btn primary" data-testid="settings-save" onClick={() => void save()}>
          {t('settings.save')}
        </button>
      </div>

      <section className="settings-section">
        <h3>{t('settings.sectionServers')}</h3>
        {draft.servers.length === 0 && <p className="muted">{t('settings.noServers')}</p>}
        <Issues issues={issues} path="servers" exact />
        <CredentialStorageNote protection={protection} choice={base.credentialStorage} onChoose={(credentialStorage) => void quick({ credentialStorage })} />
        {draft.servers.map((s, i) => (
          <div key={s.id} className="server-card" data-server-index={i}>
            <Field label={t('settings.serverName')} path={`servers.${i}.name`} issues={issues}>
              <input type="text" value={s.name} onChange={(e) => updateServer(i, { name: e.target.value })} />
            </Field>
            <Field label={t('settings.serverUrl')} path={`servers.${i}.url`} issues={issues}>
              <input type="url" value={s.url} spellCheck={false} placeholder="http://127.0.0.1:8080" onChange={(e) => updateServer(i, { url: e.target.value })} />
            </Field>
            <div className={`field headers-field${issues.some((x) => x.path.startsWith(`servers.${i}.headers`)) ? ' has-issue' : ''}`}>
              <span className="field-label">{t('settings.serverHeaders')}</span>
              {s.headers.some((h) => h.saved === 'missing' && h.value === '') && (
                <div className="notice warning" role="alert" data-testid="credentials-needed">
                  {t('settings.credentialsNeeded')}
                </div>
              )}
              <HeadersEditor rows={s.headers} path={`servers.${i}.headers`} onChange={(headers) => updateServer(i, { headers })} />
              <Issues issues={issues} path={`servers.${i}.headers`} />
            </div>
            <button type="button" className="btn danger small" onClick={() => update({ servers: draft.servers.filter((_, j) => j !== i) })}>
              {t('settings.removeServer')}
            </button>
          </div>
        ))}
        <div className="row">
          <button type="button" className="btn" onClick={() => update({ servers: [...draft.servers, { id: newServerId(), name: '', url: 'http://127.0.0.1:8080', headers: [] }] })}>
            + {t('settings.addServer')}
          </button>
          <label className="btn file-btn">
            {t('settings.importConfig')}
            <input
              type="file"
              accept=".json,application/json"
              data-testid="import-config"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importConfig(file);
              }}
            />
          </label>
        </div>
      </section>

      <section className="settings-section">
        <h3>{t('settings.sectionConnection')}</h3>
        <div className="grid">
          {NUMBER_FIELDS.map((f) => (
            <Field key={f} label={t(`settings.${f}`, NUMBER_BOUNDS[f] ?? {})} path={f} issues={issues}>
              <input type="number" value={draft.numbers[f]} {...NUMBER_BOUNDS[f]} data-testid={`field-${f}`} onChange={(e) => update({ numbers: { ...draft.numbers, [f]: e.target.value } })} />
            </Field>
          ))}
        </div>
        <div className={`field watched-field${issues.some((x) => x.path === 'unwatched' || x.path.startsWith('unwatched.')) ? ' has-issue' : ''}`} data-field="unwatched">
          <span className="field-label">{t('settings.watched')}</span>
          <WatchedModels models={models} unwatched={draft.unwatched} servers={watchedServers} onChange={(unwatched) => update({ unwatched })} />
          <Issues issues={issues} path="unwatched" />
        </div>
      </section>

      <section className="settings-section">
        <h3>{t('settings.sectionNotifications')}</h3>
        <Field label={t('settings.notifyKinds')} path="notifications.enabled" issues={issues}>
          <div className="check-list inline">
            {NOTIFICATION_KINDS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" checked={draft.enabled[k]} onChange={(e) => update({ enabled: { ...draft.enabled, [k]: e.target.checked } })} />
                <span>{t(`settings.kind-${k}`)}</span>
              </label>
            ))}
          </div>
        </Field>
        <div className="grid">
          {NOTIFY_NUMBER_FIELDS.map((f) => (
            <Field key={f} label={t(`settings.${f}`)} path={`notifications.${f}`} issues={issues}>
              <input type="number" value={draft.notifyNumbers[f]} data-testid={`field-${f}`} onChange={(e) => update({ notifyNumbers: { ...draft.notifyNumbers, [f]: e.target.value } })} />
            </Field>
          ))}
        </div>
        <Field label={t('settings.mutes')} path="notifications.mutes" issues={issues}>
          {Object.keys(draft.mutes).length === 0 ? (
            <span className="muted">{t('settings.noMutes')}</span>
          ) : (
            <div className="check-list">
              {Object.entries(draft.mutes).map(([key, until]) => (
                <div key={key} className="mute-row" data-key={key}>
                  <MutedModel label={describeKey(key, models, watchedServers)} several={watchedServers.length > 1} />
                  <span className="muted">{until === null ? t('settings.muteForever') : t('settings.muteUntil', { time: formatDateTime(until) })}</span>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => update({ mutes: Object.fromEntries(Object.entries(draft.mutes).filter(([k]) => k !== key)) })}
                  >
                    {t('settings.unmute')}
                  </button>
                </div>
              ))}
            </div>
          )}
        </Field>
      </section>

      <section className="settings-section">
        <h3>{t('settings.sectionAppearance')}</h3>
        <div className="grid">
          <Field label={t('settings.language')} path="language" issues={issues}>
            <select value={settings.language} data-testid="language-select" onChange={(e) => void quick({ language: e.target.value as LanguageSetting })}>
              <option value="system">{t('settings.langSystem', { locale: systemLocale })}</option>
              <option value="zh-CN">{t('settings.langZh')}</option>
              <option value="en">{t('settings.langEn')}</option>
            </select>
          </Field>
          <Field label={t('settings.theme')} path="theme" issues={issues}>
            <select value={settings.theme} data-testid="theme-select" onChange={(e) => void quick({ theme: e.target.value as ThemeSetting })}>
              <option value="system">{t('settings.themeSystem')}</option>
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </Field>
        </div>
      </section>

      <section className="settings-section">
        <h3>{t('settings.sectionStartup')}</h3>
        <label className="check">
          <input type="checkbox" checked={draft.launchAtLogin} onChange={(e) => update({ launchAtLogin: e.target.checked })} />
          <span>{t('settings.launchAtLogin')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.startHidden} onChange={(e) => update({ startHidden: e.target.checked })} />
          <span>{t('settings.startHidden')}</span>
        </label>
        <Issues issues={issues} path="launchAtLogin" />
        <Issues issues={issues} path="startHidden" />
        <div className="row">
          <button type="button" className="btn danger" onClick={() => void reset()}>
            {t('settings.reset')}
          </button>
        </div>
      </section>
    </div>
  );
}
