import * as vscode from 'vscode';
import type { ModelResult } from '../shared/protocol';

/**
 * The latest delivery model from the server, shared by the tree, the status bar and the file
 * decorations: one request per change, not one per view. A reply older than the one held
 * (an overtaken request) is dropped, so views never step back in time.
 */
export class ModelStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelResult>();
  readonly onDidChange = this.changed.event;
  private current: ModelResult | undefined;
  private pending: Promise<ModelResult> | undefined;

  constructor(private readonly fetch: () => Promise<ModelResult>) {}

  /** The model, fetching it the first time. */
  get(): Promise<ModelResult> {
    if (this.current) return Promise.resolve(this.current);
    return this.refresh();
  }

  /**
   * A new server process counts its generations from 1 again: forget the one held, so its first
   * model is taken, then fetch it.
   */
  restart(): Promise<ModelResult> {
    this.current = undefined;
    return this.refresh();
  }

  /** Fetches again (the server said the model changed). */
  refresh(): Promise<ModelResult> {
    const request = this.fetch().then((model) => {
      if (!this.current || model.generation >= this.current.generation) {
        this.current = model;
        this.changed.fire(model);
      }
      return this.current;
    });
    this.pending = request;
    return request.finally(() => {
      if (this.pending === request) this.pending = undefined;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
