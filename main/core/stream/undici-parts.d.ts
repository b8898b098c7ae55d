// undici's agent and fetch alone (transport.ts): its index also loads the mock agents, cache stores,
// WebSocket, EventSource and cookie parts, which doubled the main bundle. Its types are the index's.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
declare module 'undici/lib/web/fetch/index.js' {
  export { fetch } from 'undici';
}
