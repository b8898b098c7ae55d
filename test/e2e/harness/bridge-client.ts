// The page side of the WebSocket bridge, served as /__bridge.js and run before the app's module
// script: it defines window.llmLogTray with exactly the RendererApi shape from contract/ipc.ts.
export const BRIDGE_CLIENT_JS = String.raw`(() => {
  'use strict';
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/__bridge');
  let nextId = 1;
  const pending = new Map();
  const outbox = [];
  const listeners = new Map();
  ws.addEventListener('open', () => {
    for (const m of outbox.splice(0)) ws.send(m);
  });
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(ev.data);
    if (typeof msg.id === 'number') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    } else if (typeof msg.event === 'string') {
      for (const l of [...(listeners.get(msg.event) || [])]) {
        try { l(msg.payload); } catch (err) { console.error(err); }
      }
    }
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('bridge closed'));
    pending.clear();
  });
  const api = {
    invoke(channel, payload) {
      const id = nextId++;
      const text = JSON.stringify({ id, channel, payload });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (ws.readyState === 1) ws.send(text);
        else outbox.push(text);
      });
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) { set = new Set(); listeners.set(channel, set); }
      set.add(listener);
      return () => { set.delete(listener); };
    },
  };
  Object.defineProperty(window, 'llmLogTray', { value: Object.freeze(api), configurable: false, writable: false });
})();
`;
