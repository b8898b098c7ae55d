import type { ModelHealth } from '../../../main/core/model-health.js';
import type { ConnectionState } from '../../../main/core/types.js';

/**
 * The model's health as a dot (failed red, starting amber, ready green, stopped hollow grey) with
 * the stream's connection as a small secondary mark on its corner (none while connected).
 */
export function HealthDot({ health, connection, small = false }: { health: ModelHealth; connection: ConnectionState; small?: boolean }) {
  return (
    <span className={`health-dot hd-${health}${small ? ' small' : ''}`} data-health={health} aria-hidden="true">
      {connection !== 'connected' && connection !== 'not-running' && <span className={`conn-mark conn-${connection}`} />}
    </span>
  );
}
