import type { ReactNode } from 'react';
import { CheckIcon } from './icons.js';

/**
 * An on/off chip that reads as one at a glance: on is filled with a check mark, off is outlined
 * with an empty box (never just a shade lighter).
 */
export function ToggleChip(props: {
  on: boolean;
  onToggle: () => void;
  children: ReactNode;
  title?: string | undefined;
  className?: string | undefined;
  disabled?: boolean | undefined;
  testId?: string | undefined;
  data?: Record<string, string> | undefined;
}) {
  const dataAttrs = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <button
      type="button"
      className={`chip toggle${props.on ? ' on' : ' off'}${props.className ? ` ${props.className}` : ''}`}
      aria-pressed={props.on}
      title={props.title}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={props.onToggle}
      {...dataAttrs}
    >
      <span className="toggle-box" aria-hidden="true">
        {props.on && <CheckIcon />}
      </span>
      {props.children}
    </button>
  );
}
