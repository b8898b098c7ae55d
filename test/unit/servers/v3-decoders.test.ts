import { describe, expect, it } from 'vitest';
import { decodeLines, decodeSessions } from '../../../main/core/servers/v3-lines.js';
import { decodeConfigAliases } from '../../../main/core/servers/v3-models.js';

describe('v3 sessions list decoder', () => {
  it('keeps id, running and end time; skips entries without a numeric id; refuses a non-list', () => {
    const json = JSON.parse(
      '[{"id":7,"type":"model","model_name":"a","alias":"a","start_time":1.5,"end_time":null,"status":"running","duration_s":null,"line_count":3},' +
        '{"id":5,"status":"ended","end_time":1795896000.25},{"id":"6","status":"ended"},null,{"status":"running"}]',
    ) as unknown;
    expect(decodeSessions(json)).toEqual([
      { id: 7, running: true, endTime: null },
      { id: 5, running: false, endTime: 1795896000.25 },
    ]);
    expect(decodeSessions({ detail: 'Not Found' })).toBeNull();
  });

  it('lines: drops what is not a line', () => {
    expect(decodeLines([{ id: 1, ts: 2, text: 'x', level: 'info' }, { id: 'x', text: 'y' }, 3])).toEqual([{ id: 1, ts: 2, text: 'x', level: 'info' }]);
    expect(decodeLines('nope')).toBeNull();
  });
});

describe('v3 config aliases (GET /api/config/models)', () => {
  it('maps every alias (and the name) to the full alias list', () => {
    const m = decodeConfigAliases([
      { name: 'Chat A', mode: 'Chat', port: 1, auto_start: false, aliases: ['chat-a', 'chat-a-alias'], schemes: ['CPU'] },
      { name: 'b', aliases: [] },
      { aliases: 'nope' },
    ]);
    expect(m?.get('chat-a')).toEqual(['chat-a', 'chat-a-alias']);
    expect(m?.get('chat-a-alias')).toEqual(['chat-a', 'chat-a-alias']);
    expect(m?.get('Chat A')).toEqual(['chat-a', 'chat-a-alias']);
    expect(m?.has('b')).toBe(false);
    expect(decodeConfigAliases({ detail: 'Not Found' })).toBeNull();
  });
});
