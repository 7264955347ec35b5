import type { AppError } from "../bindings/AppError";
import { toAppError } from "./errors";

/** What a controller shows while a command runs and when it fails. */
export interface SerialView {
  /** Whether a command is under way (set before it starts and after it ends). */
  busy(busy: boolean): void;
  /** A command failed: the error to show. */
  failed(error: AppError): void;
}

/**
 * Runs a controller's commands one at a time, in order: a command waits for the one before
 * it, shows as busy while it runs, and a failure becomes the controller's visible error
 * instead of an unhandled rejection.
 */
export class Serial {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly view: SerialView) {}

  run(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      this.view.busy(true);
      try {
        await task();
      } catch (reason) {
        this.view.failed(toAppError(reason));
      } finally {
        this.view.busy(false);
      }
    });
    this.queue = next;
    return next;
  }
}
