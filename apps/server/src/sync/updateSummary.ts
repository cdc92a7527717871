/** A position in a Yjs document: [client, clock]. */
export type StructId = [number, number];

export type ContentKind =
  | 'any'
  | 'string'
  | 'deleted'
  | 'map'
  | 'text'
  | 'array'
  | 'xml'
  | 'binary'
  | 'embed'
  | 'format'
  | 'json'
  | 'doc';

/** One Yjs item of a decoded update, as plain data (it crosses a worker boundary). */
export interface ItemSummary {
  id: StructId;
  length: number;
  /** A root type's name, the id of the item that created the parent type, or null (taken from origin). */
  parent: string | StructId | null;
  parentSub: string | null;
  origin: StructId | null;
  rightOrigin: StructId | null;
  content: ContentKind;
  /** ContentAny values. */
  values?: unknown[];
  /** ContentString text. */
  text?: string;
}

export type DecodeResult =
  | { ok: true; items: ItemSummary[]; deletes: number }
  | { ok: false; reason: string };
