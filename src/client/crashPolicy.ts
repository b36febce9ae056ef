import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

/** Restarts allowed within WINDOW_MS before the client gives up (then it says so once). */
export const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60_000;

/**
 * What the client does when the validator's process dies: restart it, with one line in the output
 * channel per crash and no notification (the user loses nothing: the new server validates again).
 * A server that keeps dying is not restarted in a loop: after MAX_RESTARTS within three minutes
 * it stays down and one error notification says so, with the output one click away.
 */
export class CrashPolicy implements ErrorHandler {
  private crashes: number[] = [];

  /** A message could not be read or written: carry on a few times, then shut down (the library's default). */
  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length > MAX_RESTARTS) {
      // Not handled: the client logs it and shows one error notification with "Go to output".
      return { action: CloseAction.DoNotRestart, message: `The Audio Deliverables validator stopped ${this.crashes.length} times in three minutes and was not restarted. Reload the window to start it again; the output has the details.` };
    }
    // Handled: the client writes this one line to the output channel and shows no notification.
    return { action: CloseAction.Restart, message: 'The Audio Deliverables validator stopped unexpectedly; restarting it.', handled: true };
  }
}
