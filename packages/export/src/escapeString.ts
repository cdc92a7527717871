// String literals and comments for generated code. User text (prompts, labels, ids) only ever
// reaches an exported script through these functions, so it stays data and can never become code.

export type Dialect = 'python' | 'ts';

/**
 * Code points written as escapes instead of as themselves: controls, every separator but the plain
 * space (line/paragraph separators end lines in some parsers), invisible format characters (bidi
 * overrides could make code read differently from how it runs), lone surrogates (not encodable in a
 * UTF-8 file), private-use and unassigned code points.
 */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]$/u;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function escapeCodePoint(cp: number, dialect: Dialect): string {
  if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return dialect === 'python' ? `\\U${hex(cp, 8)}` : `\\u{${hex(cp, 1)}}`;
}

const SHORT: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The body of a literal (no quotes) in which `quote` is escaped. */
function escapeBody(text: string, dialect: Dialect, quote: string): string {
  let out = '';
  // for…of walks code points; a lone surrogate comes out as one unit and is escaped as such.
  for (const ch of text) {
    const short = SHORT[ch];
    if (short) out += short;
    else if (ch === quote) out += `\\${quote}`;
    else if (ch !== ' ' && INVISIBLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0) as number, dialect);
    else out += ch;
  }
  return out;
}

/** A one-line string literal: `"…"` for Python, `'…'` for TypeScript. */
export function stringLiteral(text: string, dialect: Dialect): string {
  const quote = dialect === 'python' ? '"' : "'";
  return `${quote}${escapeBody(text, dialect, quote)}${quote}`;
}

/**
 * A literal that keeps multi-line text readable: one literal per line, concatenated (Python by
 * adjacency inside parentheses, TypeScript with `+`). `indent` is the indentation of continuation
 * lines. Single-line text gives the plain literal.
 */
export function textLiteral(text: string, dialect: Dialect, indent: string): string {
  const lines = text.split(/(?<=\n)/);
  if (lines.length < 2) return stringLiteral(text, dialect);
  const parts = lines.map((line) => stringLiteral(line, dialect));
  if (dialect === 'python') return `(\n${parts.map((p) => `${indent}    ${p}`).join('\n')}\n${indent})`;
  return `\n${parts.map((p) => `${indent}  ${p}`).join(' +\n')}`;
}

/** Text safe inside a line comment: no line breaks or invisible characters, shown as escapes. */
export function commentText(text: string, dialect: Dialect): string {
  return escapeBody(text, dialect, '');
}
