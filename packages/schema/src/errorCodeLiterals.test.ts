import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from './errorCodes';

// Error codes are a public contract with one home, `ErrorCodes`: a code written out inline elsewhere
// drifts silently when someone retypes it. This scans every non-test TypeScript source file in apps/ and
// packages/ for string and template literals holding a `synapse.` name and fails on any that is not in
// the list below of names that are not error codes. Re-run after a merge:
//   npx vitest run packages/schema/src/errorCodeLiterals.test.ts

/** `synapse.` names that are formats, storage keys or ids, not error codes: each whole literal. */
const NOT_ERROR_CODES = new Set([
  'synapse.workflow', // the workflow file format
  'synapse.clipboard', // the clipboard payload format
  'synapse.workflow/1', // document migration ids
  'synapse.workflow/2',
  'synapse.run/1',
  'synapse.run/2',
  'synapse.index/1',
  'synapse.index/2',
  'synapse.lock', // the data directory's lock file
  'synapse.session', // the web app's localStorage keys
  'synapse.presence.name',
  'synapse.editor.snapToGrid',
  'synapse.theme',
  'synapse.output.view',
]);

// Preceded by neither a word character nor a dot: `.synapse.json` is a file extension.
const CODE_NAME = /(?<![\w.])synapse(?:\.[A-Za-z_]+)+/g;

function repoRoot(): string {
  let dir = ts.sys.getCurrentDirectory();
  while (!ts.sys.directoryExists(`${dir}/packages/schema/src`)) {
    const parent = dir.replace(/\/[^/]+$/, '');
    if (parent === dir || parent === '') throw new Error('run from inside the repository');
    dir = parent;
  }
  return dir;
}

function isTestSource(path: string, text: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) ||
    /\/(test|e2e)\//.test(path) ||
    // Shared suites (`defineSqlSuite.ts`) are tests too: they assert on the codes.
    /from ['"]vitest['"]/.test(text)
  );
}

/** Every string-like literal in a file, with its line. */
function literalsOf(path: string, text: string): { line: number; text: string }[] {
  const file = ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    false,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function scan(): Map<string, string[]> {
  const root = repoRoot();
  const offenders = new Map<string, string[]>();
  const files = ts.sys.readDirectory(
    root,
    ['.ts', '.tsx'],
    ['**/node_modules/**', '**/dist/**'],
    ['apps/*/**/*', 'packages/*/**/*'],
  );
  for (const absolute of files) {
    const path = absolute.slice(root.length + 1);
    if (path === 'packages/schema/src/errorCodes.ts') continue;
    const text = ts.sys.readFile(absolute) ?? '';
    if (!text.includes('synapse.') || isTestSource(path, text)) continue;
    for (const literal of literalsOf(path, text)) {
      if (NOT_ERROR_CODES.has(literal.text)) continue;
      for (const match of literal.text.matchAll(CODE_NAME)) {
        const line = literal.line + (literal.text.slice(0, match.index).match(/\n/g)?.length ?? 0);
        offenders.set(path, [...(offenders.get(path) ?? []), `${line}: ${match[0]}`]);
      }
    }
  }
  return offenders;
}

describe('ErrorCodes', () => {
  it('holds distinct dotted synapse codes', () => {
    const codes = Object.values(ErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^synapse(\.[a-z][a-z_]*)+$/);
    for (const name of NOT_ERROR_CODES) expect(codes).not.toContain(name);
  });

  it('is the only place a synapse error code is written out in non-test source', () => {
    expect(Object.fromEntries(scan()), 'use ErrorCodes.x (register new codes in errorCodes.ts)').toEqual({});
  });
});
