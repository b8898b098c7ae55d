import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './dialog.js';

const SHORTCUTS: ReadonlyArray<readonly [keys: string, action: string]> = [
  ['Ctrl+F', 'search'],
  ['Enter · F3', 'nextMatch'],
  ['Shift+Enter · Shift+F3', 'prevMatch'],
  ['E · F8', 'nextError'],
  ['Shift+E · Shift+F8', 'prevError'],
  ['W', 'nextWarning'],
  ['Shift+W', 'prevWarning'],
  ['Ctrl+G', 'jumpToTime'],
  ['End', 'follow'],
  ['Ctrl+Tab', 'nextModel'],
  ['Ctrl+Shift+Tab', 'prevModel'],
  ['Ctrl+1 … 9', 'modelN'],
  ['?', 'shortcuts'],
  ['Esc', 'close'],
];

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** `?` (outside a text field) or the header's ? button opens the list of keyboard shortcuts. */
export function useShortcutsOverlay() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return { open, setOpen };
}

export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <table className="shortcuts" data-testid="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={action}>
              <td className="shortcut-keys">
                {keys.split(' · ').map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{t(`shortcuts.${action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
