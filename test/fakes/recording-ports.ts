// Recording fakes for the app controller's ports (tray, window, notifier, renderer sink).
import type { AlertNotification, Notifier } from '../../main/core/alerts/notifier.js';
import type { RendererSink, TrayPort, WindowPort, WindowView } from '../../main/app/ports.js';
import type { TrayState } from '../../main/core/tray-state.js';
import type { ModelKey } from '../../main/core/types.js';
import type { EventChannel, EventPayloads } from '../../contract/ipc.js';

export class RecordingTray implements TrayPort {
  readonly states: TrayState[] = [];
  update(state: TrayState): void {
    this.states.push(state);
  }
  get last(): TrayState | undefined {
    return this.states[this.states.length - 1];
  }
}

export class RecordingWindow implements WindowPort {
  readonly shown: Array<{ view: WindowView; key?: ModelKey; seq?: number }> = [];
  show(view: WindowView, key?: ModelKey, seq?: number): void {
    this.shown.push({ view, ...(key !== undefined ? { key } : {}), ...(seq !== undefined ? { seq } : {}) });
  }
}

export class RecordingNotifier implements Notifier {
  readonly shown: AlertNotification[] = [];
  show(n: AlertNotification): void {
    this.shown.push(n);
  }
}

export class RecordingSink implements RendererSink {
  readonly sent: Array<{ channel: EventChannel; payload: unknown }> = [];
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    this.sent.push({ channel, payload });
  }
  of<E extends EventChannel>(channel: E): Array<EventPayloads[E]> {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.payload as EventPayloads[E]);
  }
}
