import * as Y from 'yjs';
import { type DocRules, LOOSE_MAP, type Rule } from './documentRules';
import type { ItemSummary, StructId } from './updateSummary';

export interface UpdateLimits {
  /** Largest JSON size of one plain value. */
  maxPlainBytes: number;
  /** Largest single text insertion. */
  maxTextInsert: number;
  maxPathDepth: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  maxPlainBytes: 64 * 1024,
  maxTextInsert: 256 * 1024,
  maxPathDepth: 8,
};

// Provider key formats (OpenAI/compatible `sk-`, Anthropic `sk-ant-`, Google `AIza`, Groq `gsk_`, xAI).
// Keys belong in the encrypted key store; a document is replicated to every member's browser.
const CREDENTIAL =
  /(?:^|[^A-Za-z0-9])(?:sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,})/;

/** Why an update is refused; a refusal for size says which limit (the client explains it as a size). */
export interface UpdateProblem {
  message: string;
  limit?: number;
  actual?: number;
}

function problem(message: string, sizes: { limit: number; actual: number } | null = null): UpdateProblem {
  return sizes ? { message, ...sizes } : { message };
}

type ContainerKind = 'map' | 'text' | 'other';

/** A shared type: where it sits (root name, then map keys) and what it is. */
interface Container {
  path: string[];
  kind: ContainerKind;
}

type Slot = { container: Container; key: string | null } | 'gc' | 'unresolved';

function kindOfType(type: unknown): ContainerKind {
  if (type instanceof Y.XmlText || type instanceof Y.XmlElement || type instanceof Y.XmlFragment)
    return 'other';
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Text) return 'text';
  return 'other';
}

function pathOfIntegrated(type: Y.AbstractType<unknown>): string[] | null {
  const path: string[] = [];
  let current: Y.AbstractType<unknown> = type;
  while (current._item !== null) {
    const item: Y.Item = current._item;
    path.unshift(item.parentSub ?? '#');
    if (!(item.parent instanceof Y.AbstractType)) return null;
    current = item.parent;
    if (path.length > 32) return null;
  }
  try {
    path.unshift(Y.findRootTypeKey(current));
  } catch {
    return null;
  }
  return path;
}

function findIntegrated(doc: Y.Doc, [client, clock]: StructId): Y.Item | Y.GC | null {
  if (Y.getState(doc.store, client) <= clock) return null;
  try {
    return Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
  } catch {
    return null;
  }
}

function describe(container: Container, key: string | null): string {
  return [...container.path, ...(key === null ? [] : [key])].join('.');
}

/**
 * Checks a decoded update against the document kind's rules, resolving each item's place in the document
 * from the update itself and the server's current state. Returns why the update is refused, or null. The
 * update is accepted or refused as a whole: nothing of a refused update is applied.
 */
export function validateUpdate(
  doc: Y.Doc,
  items: readonly ItemSummary[],
  rules: DocRules,
  limits: UpdateLimits = DEFAULT_UPDATE_LIMITS,
): UpdateProblem | null {
  const byClient = new Map<number, ItemSummary[]>();
  for (const item of items) {
    const list = byClient.get(item.id[0]);
    if (list) list.push(item);
    else byClient.set(item.id[0], [item]);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id[1] - b.id[1]);
  /** The item of this update covering `clock` (binary search: this runs about once per item). */
  const inUpdate = ([client, clock]: StructId): ItemSummary | null => {
    const list = byClient.get(client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const item = list[mid] as ItemSummary;
      if (clock < item.id[1]) high = mid - 1;
      else if (clock >= item.id[1] + item.length) low = mid + 1;
      else return item;
    }
    return null;
  };

  const slots = new Map<ItemSummary, Slot>();
  const containers = new Map<string, Container | 'gc' | 'unresolved'>();

  /** The type created at `id`, from this update or the document. */
  function containerAt(id: StructId, depth: number): Container | 'gc' | 'unresolved' {
    const cacheKey = `${id[0]}:${id[1]}`;
    const cached = containers.get(cacheKey);
    if (cached) return cached;
    let result: Container | 'gc' | 'unresolved' = 'unresolved';
    const own = inUpdate(id);
    if (own) {
      const slot = slotOf(own, depth + 1);
      if (typeof slot !== 'string') {
        const kind: ContainerKind = own.content === 'map' ? 'map' : own.content === 'text' ? 'text' : 'other';
        result = { path: [...slot.container.path, slot.key ?? '#'], kind };
      } else {
        result = slot;
      }
    } else {
      const struct = findIntegrated(doc, id);
      if (struct instanceof Y.GC) result = 'gc';
      else if (struct instanceof Y.Item) {
        if (struct.content instanceof Y.ContentType) {
          const path = pathOfIntegrated(struct.content.type);
          result = path ? { path, kind: kindOfType(struct.content.type) } : 'gc';
        } else {
          // Deleted and garbage-collected content: Yjs drops whatever is inserted into it.
          result = 'gc';
        }
      }
    }
    containers.set(cacheKey, result);
    return result;
  }

  /** Where an item goes: its container and map key. */
  function slotOf(item: ItemSummary, depth = 0): Slot {
    const cached = slots.get(item);
    if (cached) return cached;
    if (depth > 64) return 'unresolved';
    let slot: Slot = 'unresolved';
    if (typeof item.parent === 'string') {
      slot = { container: { path: [item.parent], kind: 'map' }, key: item.parentSub };
      // A root is a map when its entries have keys; a root used as a sequence has none.
      if (item.parentSub === null) slot = { container: { path: [item.parent], kind: 'other' }, key: null };
    } else if (item.parent) {
      const container = containerAt(item.parent, depth);
      slot = typeof container === 'string' ? container : { container, key: item.parentSub };
    } else {
      // Parent information is omitted when it can be taken from a neighbour: the origin, else the right one.
      const neighbour = item.origin ?? item.rightOrigin;
      if (neighbour) {
        const own = inUpdate(neighbour);
        if (own) slot = slotOf(own, depth + 1);
        else {
          const struct = findIntegrated(doc, neighbour);
          if (struct instanceof Y.GC) slot = 'gc';
          else if (struct instanceof Y.Item) {
            if (struct.parent instanceof Y.AbstractType) {
              const path = pathOfIntegrated(struct.parent);
              if (path) {
                // Roots that arrived only through updates are untyped on the server: keyed entries mean a map.
                const kind: ContainerKind =
                  path.length === 1
                    ? struct.parentSub !== null
                      ? 'map'
                      : 'other'
                    : kindOfType(struct.parent);
                slot = { container: { path, kind }, key: struct.parentSub };
              } else slot = 'gc';
            } else slot = 'gc';
          }
        }
      }
    }
    slots.set(item, slot);
    return slot;
  }

  function slotRule(path: string[]): Rule | undefined {
    let rule = rules[path[0] as string];
    for (const key of path.slice(1)) {
      const parent = rule?.type === 'map' ? rule : rule?.type === 'any' ? LOOSE_MAP : undefined;
      if (parent?.type !== 'map') return undefined;
      rule = parent.entry(key);
    }
    return rule;
  }

  function containerRule(container: Container): Rule | undefined {
    if (container.path.length > limits.maxPathDepth) return undefined;
    const rule = slotRule(container.path);
    if (!rule) return undefined;
    if (container.kind === 'map')
      return rule.type === 'map' ? rule : rule.type === 'any' ? LOOSE_MAP : undefined;
    if (container.kind === 'text')
      return rule.type === 'text' || rule.type === 'plainOrText' || rule.type === 'any'
        ? { type: 'text' }
        : undefined;
    return undefined;
  }

  function checkPlain(where: string, value: unknown, rule: Rule): UpdateProblem | null {
    let json: string;
    try {
      json = JSON.stringify(value) ?? 'null';
    } catch {
      return problem(`${where}: value is not JSON`);
    }
    if (json.length > limits.maxPlainBytes)
      return problem(`${where}: value is larger than ${limits.maxPlainBytes} bytes`, {
        limit: limits.maxPlainBytes,
        actual: json.length,
      });
    if (CREDENTIAL.test(json))
      return problem(`${where}: looks like an API key; store keys in the workspace's provider keys`);
    if (rule.type === 'plain' && rule.check) {
      const refusal = rule.check(value);
      if (refusal) return problem(`${where} ${refusal}`);
    }
    return null;
  }

  for (const item of items) {
    if (!['any', 'string', 'deleted', 'map', 'text'].includes(item.content))
      return problem(`${item.content} content is not allowed in Synapse documents`);
    if (item.content === 'deleted') continue;
    const slot = slotOf(item);
    if (slot === 'gc') continue;
    if (slot === 'unresolved') return problem('the update depends on content the server does not have');
    const { container, key } = slot;
    if (container.path.length === 1 && !Object.hasOwn(rules, container.path[0] as string))
      return problem(`unknown root type ${JSON.stringify(container.path[0])}`);
    const rule = containerRule(container);
    const where = describe(container, key);
    if (!rule) return problem(`${describe(container, null)} is not a place the schema allows content`);
    if (rule.type === 'text') {
      if (key !== null || item.content !== 'string')
        return problem(`${where}: only text may be inserted into a text`);
      const text = item.text ?? '';
      if (text.length > limits.maxTextInsert)
        return problem(`${where}: text insertion larger than ${limits.maxTextInsert}`, {
          limit: limits.maxTextInsert,
          actual: text.length,
        });
      if (CREDENTIAL.test(text))
        return problem(`${where}: looks like an API key; store keys in the workspace's provider keys`);
      continue;
    }
    if (rule.type !== 'map') return problem(`${where} is not a place the schema allows content`);
    if (key === null)
      return problem(`${describe(container, null)} is a map; sequence content is not allowed`);
    if (rule.key && !rule.key.test(key)) return problem(`${where}: invalid key`);
    const child = rule.entry(key);
    if (!child) return problem(`${where}: unknown key`);
    const accepts: Record<Rule['type'], readonly string[]> = {
      map: ['map'],
      text: ['text'],
      plain: ['any'],
      plainOrText: ['any', 'text'],
      any: ['any', 'text', 'map'],
    };
    if (!accepts[child.type].includes(item.content))
      return problem(
        `${where} must be ${child.type === 'plain' ? 'a plain value' : `a ${child.type}`}, not ${item.content}`,
      );
    if (item.content === 'any') {
      for (const value of item.values ?? []) {
        const refused = checkPlain(where, value, child);
        if (refused) return refused;
      }
    }
  }
  return null;
}
