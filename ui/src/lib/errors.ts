import type { AppError } from "../bindings/AppError";
import type { ErrorCode } from "../bindings/ErrorCode";

/** Error codes the front end acts on. Only codes are matched, never message text. */
export const Codes = {
  identityLocked: "identity_locked",
  noFile: "no_file",
  wrongPassphrase: "wrong_passphrase",
  weakPassphrase: "weak_passphrase",
  nothingToUndo: "nothing_to_undo",
  nothingToRedo: "nothing_to_redo",
  invalidEdit: "invalid_edit",
  /** Not from the backend: something failed in the front end or in the IPC layer. */
  unexpected: "unexpected",
} as const satisfies Record<string, ErrorCode>;

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/**
 * Turns whatever a rejected command or a thrown exception carries into an `AppError`.
 * Backend commands reject with `{code, message}`; Tauri's IPC layer itself rejects with a
 * plain string (e.g. a command the capability does not allow); JS code throws `Error`s.
 */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) return { code: reason.code, message: reason.message };
  if (reason instanceof Error) return { code: Codes.unexpected, message: reason.message || reason.name };
  if (typeof reason === "string" && reason.trim() !== "") return { code: Codes.unexpected, message: reason };
  return { code: Codes.unexpected, message: "Something went wrong, and no reason was given." };
}

/** Whether `reason` is a backend error with this code. */
export function hasCode(reason: unknown, code: ErrorCode): boolean {
  return isAppError(reason) && reason.code === code;
}
