export { createAppController, DEMO_SERVER_ID, isHttpUrl, type AppController, type AppControllerDeps } from './controller.js';
export { createCommandHandler, pauseNotifications, type CommandContext } from './command-handler.js';
export { createEventBatcher, type EventBatcher } from './event-batcher.js';
export { createUnreadTracker, type UnreadTracker } from './unread-tracker.js';
export type { DemoServerHandle, RendererSink, TrayPort, WindowPort, WindowView } from './ports.js';
