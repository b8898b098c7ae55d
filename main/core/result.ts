// The one shape for expected failures in the core: `ok` says which, a failure says why in `message`
// (plain words a user may see). Success carries its fields next to `ok`. Throwing is kept for bugs.
// Only validation keeps its own failure shape (`issues`: one per settings field), since the window
// shows each next to its field.

export interface Failure {
  readonly ok: false;
  readonly message: string;
}

/** `Result` = success with the fields of T, or a Failure. */
export type Result<T extends object = object> = ({ readonly ok: true } & T) | Failure;

export const fail = (message: string): Failure => ({ ok: false, message });
