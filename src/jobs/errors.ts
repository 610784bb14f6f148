// Errors the job layer and the sync functions it calls share.

/**
 * Thrown by a sync when the GHES instance refuses the stored token (401). The job is not retried:
 * the server pauses with "token rejected" until an owner stores a new token.
 */
export class TokenRejectedError extends Error {
  constructor(message = "the GHES instance rejected the stored token (401)", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenRejectedError";
  }
}

/** A sync that may not be queued (unknown server, switched off, paused, installation not verified). */
export class SyncRefusedError extends Error {
  constructor(
    message: string,
    /** "not_found" when the server or installation does not exist; "conflict" when it exists but may not sync now */
    readonly reason: "not_found" | "conflict",
  ) {
    super(message);
    this.name = "SyncRefusedError";
  }
}
