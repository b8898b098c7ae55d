// The IPC surface as data: every channel and every command payload's JSON Schema, in a committed
// file. A contract change (a new channel, a loosened limit) shows up as a diff of ipc-surface.json in
// review; update it on purpose with `npx vitest run -u test/unit/ipc/ipc-surface.test.ts`.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandChannels, commandSchemas, eventChannels } from '../../../contract/ipc.js';

describe('the IPC surface (contract/ipc.ts)', () => {
  it('matches the committed snapshot', async () => {
    const commands = Object.fromEntries(
      [...commandChannels].sort().map((channel) => [channel, z.toJSONSchema(commandSchemas[channel], { target: 'draft-2020-12' })]),
    );
    const surface = { commands, events: [...eventChannels].sort() };
    await expect(`${JSON.stringify(surface, null, 2)}\n`).toMatchFileSnapshot('./ipc-surface.json');
  });

  it('lists each command channel exactly once', () => {
    expect(new Set(commandChannels).size).toBe(Object.keys(commandSchemas).length);
  });
});
