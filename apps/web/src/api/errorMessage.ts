/** What to show for a failure: a thrown Error's (or ApiError's) message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
