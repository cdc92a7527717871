// Whether a Yjs V1 update can be decoded on the event loop: a bounds-checked walk of its structure that
// proves Y.decodeUpdate will do work and allocate memory in proportion to the update's bytes. The known
// hangs and allocation bombs (yjs#687: run lengths, yjs#498: reads past the end) all need a count or a
// length that the bytes behind it cannot back; this walk refuses every such count. It also refuses content
// Synapse never accepts (arrays, XML, binary, embeds, formats, JSON, subdocuments) and deep nesting, so
// such updates keep going to the worker pool, whose answer is the authority for anything unusual.
// The layout is Yjs's UpdateEncoderV1 (yjs/src/utils/encoding.js, lazyStructReaderGenerator, readDeleteSet).

class Refused extends Error {}
const REFUSED = new Refused();

/** Nesting of ContentAny objects/arrays walked here; deeper values go to the worker. */
const MAX_ANY_DEPTH = 16;

/** Item content refs decoded inline: Deleted 1, String 4, Type 7, Any 8. */
const INLINE_CONTENT = new Set([1, 4, 7, 8]);
/** Shared types decoded inline: YMap 1, YText 2 (typeRefs in Yjs). */
const INLINE_TYPES = new Set([1, 2]);

class Walker {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  byte(): number {
    if (this.pos >= this.bytes.length) throw REFUSED;
    return this.bytes[this.pos++] as number;
  }

  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) throw REFUSED;
        return value;
      }
      multiplier *= 128;
    }
    throw REFUSED;
  }

  /** A count of things that each take at least `minBytes`: it must fit in what is left. */
  count(minBytes: number): number {
    const n = this.varUint();
    if (n * minBytes > this.remaining) throw REFUSED;
    return n;
  }

  varInt(): void {
    for (let i = 0; i < 8; i++) if (this.byte() < 0x80) return;
    throw REFUSED;
  }

  skip(length: number): void {
    if (length > this.remaining) throw REFUSED;
    this.pos += length;
  }

  varBytes(): void {
    this.skip(this.varUint());
  }

  any(depth: number): void {
    if (depth > MAX_ANY_DEPTH) throw REFUSED;
    const tag = this.byte();
    switch (tag) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125:
        this.varInt();
        return;
      case 124:
        this.skip(4);
        return;
      case 123:
      case 122:
        this.skip(8);
        return;
      case 119: // string
      case 116: // Uint8Array
        this.varBytes();
        return;
      case 118: {
        const entries = this.count(2);
        for (let i = 0; i < entries; i++) {
          this.varBytes();
          this.any(depth + 1);
        }
        return;
      }
      case 117: {
        const length = this.count(1);
        for (let i = 0; i < length; i++) this.any(depth + 1);
        return;
      }
      default:
        throw REFUSED;
    }
  }

  item(info: number): void {
    if (info & 0x80) this.id();
    if (info & 0x40) this.id();
    if ((info & 0xc0) === 0) {
      if (this.varUint() === 1) this.varBytes();
      else this.id();
      if (info & 0x20) this.varBytes();
    }
    const content = info & 0x1f;
    if (!INLINE_CONTENT.has(content)) throw REFUSED;
    if (content === 1) this.varUint();
    else if (content === 4) this.varBytes();
    else if (content === 7) {
      if (!INLINE_TYPES.has(this.varUint())) throw REFUSED;
    } else {
      const length = this.count(1);
      for (let i = 0; i < length; i++) this.any(0);
    }
  }

  id(): void {
    this.varUint();
    this.varUint();
  }
}

/**
 * True when the update is well formed V1 whose every count is backed by bytes, uses only content Synapse
 * accepts, and ends exactly where its delete set does. False means "not proven", not "invalid".
 */
export function isBoundedUpdate(update: Uint8Array): boolean {
  const walker = new Walker(update);
  try {
    const clients = walker.count(3);
    for (let c = 0; c < clients; c++) {
      const structs = walker.count(1);
      walker.varUint(); // client
      walker.varUint(); // first clock
      for (let s = 0; s < structs; s++) {
        const info = walker.byte();
        if (info === 10 || (info & 0x1f) === 0)
          walker.varUint(); // Skip or GC: a length
        else walker.item(info);
      }
    }
    const dsClients = walker.count(2);
    for (let c = 0; c < dsClients; c++) {
      walker.varUint(); // client
      const ranges = walker.count(2);
      for (let r = 0; r < ranges; r++) {
        walker.varUint();
        walker.varUint();
      }
    }
    return walker.remaining === 0;
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}
