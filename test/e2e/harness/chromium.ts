import { existsSync } from 'node:fs';
import { required } from '../../helpers/required.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests can run: skipped loudly without Chromium, a failure under CI. */
export function chromiumAvailable(): boolean {
  return required(existsSync(CHROMIUM_PATH), `Chromium not found at ${CHROMIUM_PATH}: browser tests need it (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}
