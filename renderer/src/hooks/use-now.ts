import { useEffect, useState } from 'react';
import { useServices } from '../app-context.js';

/** The injected clock's time, refreshed every `intervalMs` (for "for 3m" labels). */
export function useNow(intervalMs = 1000): number {
  const { now } = useServices();
  const [value, setValue] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return value;
}
