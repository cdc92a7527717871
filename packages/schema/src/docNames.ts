import { randomBytes } from './randomBytes';

// Ids are path segments of document names and parts of edge ids (`a:out->b:in`), so they may not
// contain `/`, `:` or `>`; the alphabet is the URL-safe base64 one.
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const NEW_ID_LENGTH = 21;

export function isValidId(id: string): boolean {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** 21 random characters of `[A-Za-z0-9_-]` (126 bits, nanoid-sized). */
export function newId(): string {
  const bytes = randomBytes(NEW_ID_LENGTH);
  let id = '';
  // 256 is a multiple of 64, so masking keeps the distribution uniform.
  for (const byte of bytes) id += ID_ALPHABET[byte & 63];
  return id;
}

function assertId(what: string, id: string): void {
  if (!isValidId(id))
    throw new RangeError(`invalid ${what} ${JSON.stringify(id)}: expected /^[A-Za-z0-9_-]{1,64}$/`);
}

export function workflowDocName(workspaceId: string, workflowId: string): string {
  assertId('workspace id', workspaceId);
  assertId('workflow id', workflowId);
  return `ws/${workspaceId}/workflow/${workflowId}`;
}

export function runDocName(workspaceId: string, runId: string): string {
  assertId('workspace id', workspaceId);
  assertId('run id', runId);
  return `ws/${workspaceId}/run/${runId}`;
}

export function indexDocName(workspaceId: string): string {
  assertId('workspace id', workspaceId);
  return `ws/${workspaceId}/index`;
}

export type DocRef =
  | { kind: 'index'; workspaceId: string }
  | { kind: 'workflow'; workspaceId: string; workflowId: string }
  | { kind: 'run'; workspaceId: string; runId: string };

/** Parses a document name; `null` for anything that the builders above would not produce. */
export function parseDocName(name: string): DocRef | null {
  if (typeof name !== 'string' || name.length > 256) return null;
  const parts = name.split('/');
  const [root, workspaceId, kind, id] = parts;
  if (root !== 'ws' || workspaceId === undefined || !isValidId(workspaceId)) return null;
  if (parts.length === 3 && kind === 'index') return { kind: 'index', workspaceId };
  if (parts.length !== 4 || id === undefined || !isValidId(id)) return null;
  if (kind === 'workflow') return { kind: 'workflow', workspaceId, workflowId: id };
  if (kind === 'run') return { kind: 'run', workspaceId, runId: id };
  return null;
}
