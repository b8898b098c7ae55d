export { createAppController, type AppController, type AppControllerDeps } from './controller.js';
