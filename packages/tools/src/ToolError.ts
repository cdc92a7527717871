/** An expected tool failure with a dotted code (`synapse.tools.connect_failed`); the model sees the message. */
export class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }

  static from(error: unknown, code: string, context: string): ToolError {
    if (error instanceof ToolError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new ToolError(code, `${context}: ${reason}`);
  }
}
