// What a test needs from the machine (Chromium, the real-server captures, a build). On a developer
// machine a missing piece skips the tests with one loud line; under CI (`CI=true`, see toolchain.md)
// it is a failure, so a CI run can never pass by skipping.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function underCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** true when `present`; otherwise warns and returns false, or throws under CI. */
export function required(present: boolean, what: string): boolean {
  if (present) return true;
  if (underCI()) throw new Error(`CI=true and ${what}: this run would pass by skipping.`);
  console.warn(`\n⚠ SKIPPING TESTS — ${what}\n`);
  return false;
}

/**
 * The real-server captures: LLM_FIXTURES, else ../shared/fixtures/llm-manager beside the checkout
 * (CI clones with ../shared beside it; a worktree in /work/wt has /work/wt/shared -> /work/shared).
 */
export const FIXTURE_DIR = process.env.LLM_FIXTURES ?? resolve(import.meta.dirname, '../../../shared/fixtures/llm-manager');

export function fixturesAvailable(): boolean {
  return required(existsSync(FIXTURE_DIR), `the real-server captures are missing at ${FIXTURE_DIR} (set LLM_FIXTURES)`);
}
