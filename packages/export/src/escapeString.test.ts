import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commentText, stringLiteral, textLiteral } from './escapeString';

/** The string value of a TypeScript expression made of string literals joined by `+`, read by the TS parser. */
function readTsString(code: string): string {
  const file = ts.createSourceFile('x.ts', `const x = ${code};`, ts.ScriptTarget.ES2023, true);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  expect(diagnostics.map((d) => d.messageText)).toEqual([]);
  const statement = file.statements[0] as ts.VariableStatement;
  expect(file.statements).toHaveLength(1);
  const value = (node: ts.Expression): string => {
    if (ts.isStringLiteral(node)) return node.text;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return value(node.left) + value(node.right);
    throw new Error(`not a string expression: ${ts.SyntaxKind[node.kind]}`);
  };
  return value(statement.declarationList.declarations[0]?.initializer as ts.Expression);
}

describe('stringLiteral', () => {
  it('escapes quotes, backslashes and line breaks for Python', () => {
    expect(stringLiteral('say "hi"\\n\n', 'python')).toBe('"say \\"hi\\"\\\\n\\n"');
    expect(stringLiteral(`it's '''`, 'python')).toBe(`"it's '''"`);
    expect(stringLiteral('"""', 'python')).toBe('"\\"\\"\\""');
  });

  it('escapes quotes and backslashes for TypeScript and leaves ${ and backticks inert', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test
    expect(stringLiteral("it's \\ ${x} `y`", 'ts')).toBe("'it\\'s \\\\ ${x} `y`'");
  });

  it('keeps readable unicode and escapes what is invisible or breaks lines', () => {
    expect(stringLiteral('中文 😀 é', 'python')).toBe('"中文 😀 é"');
    expect(stringLiteral('a\u2028b\u202ec\u0000d\u00a0e', 'python')).toBe('"a\\u2028b\\u202ec\\x00d\\xa0e"');
    expect(stringLiteral('a\u2028b\u202ec\u0000d\u00a0e', 'ts')).toBe("'a\\u2028b\\u202ec\\x00d\\xa0e'");
    expect(stringLiteral('\ud800 \u{e0001}', 'python')).toBe('"\\ud800 \\U000e0001"');
    expect(stringLiteral('\ud800 \u{e0001}', 'ts')).toBe("'\\ud800 \\u{e0001}'");
  });

  it('reads back as the same string in TypeScript, for any string', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        expect(readTsString(stringLiteral(text, 'ts'))).toBe(text);
        expect(readTsString(textLiteral(text, 'ts', '  '))).toBe(text);
      }),
    );
  });
});

describe('textLiteral', () => {
  it('writes multi-line text one line per literal', () => {
    expect(textLiteral('one\ntwo\n', 'python', '    ')).toBe('(\n        "one\\n"\n        "two\\n"\n    )');
    expect(textLiteral('one\ntwo', 'ts', '    ')).toBe("\n      'one\\n' +\n      'two'");
    expect(textLiteral('single', 'python', '')).toBe('"single"');
  });
});

describe('commentText', () => {
  it('cannot end a line comment', () => {
    for (const dialect of ['python', 'ts'] as const) {
      const text = commentText('a\nb\rc\u2028d\u2029e\u0085f', dialect);
      expect(text).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      expect(text).toContain('a\\nb\\rc');
    }
  });
});
