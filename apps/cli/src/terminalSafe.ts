// C0 controls, DEL and C1 controls: ESC starts ANSI/OSC sequences, and a terminal also acts on CSI (0x9b).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A workflow's labels and ids are other people's text: printed raw, a label carrying escape sequences
 * could retitle, clear or rewrite the terminal of whoever runs the workflow. Control characters are shown
 * as `\xNN` instead — exactly as the exported scripts do, so their output stays byte-identical.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
