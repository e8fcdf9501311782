/**
 * Reading a CSV text as bytes, for the transactions reader's fast path. Indexing a Uint8Array costs
 * about half of String.charCodeAt in V8, and the fast path reads every character of a million rows.
 * Either the file's own bytes (UTF-8, as the command line gives them) or a text's characters as bytes
 * at the same positions (asciiBytes: an ASCII character is its code, anything else NON_ASCII). Either
 * way a byte at or above NON_ASCII matches no delimiter, digit or key, and a row holding one is left to
 * the careful path, so the fast path only ever decides on ASCII rows, where bytes and text agree.
 */

/** the byte that stands for any character outside ASCII */
export const NON_ASCII = 128;

/** the text as bytes at the same positions (see above) */
export function asciiBytes(text: string): Uint8Array {
  // TextEncoder runs natively; its output has the text's positions when the text is all ASCII
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length === text.length) return utf8;
  const u = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    u[i] = Math.min(c, NON_ASCII);
  }
  return u;
}

/**
 * FNV-1a over u[st, en), then murmur3's final mix: ids like T0000001, T0000002 differ in their last
 * characters only, and FNV alone leaves them bunched in the low bits a table is indexed by.
 * hashString gives the same value for the same ASCII text.
 */
export function hashBytes(u: Uint8Array, st: number, en: number): number {
  let h = 0x811c9dc5;
  for (let i = st; i < en; i++) h = Math.imul(h ^ (u[i] as number), 0x01000193);
  return mix(h);
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** u[st, en) spells key (never true for a key with a character outside ASCII, as u then has none) */
export function bytesEqualString(u: Uint8Array, st: number, en: number, key: string): boolean {
  if (en - st !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (u[st + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** position of the byte ch in u[from, to), or to */
export function findByte(u: Uint8Array, ch: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (u[i] === ch) return i;
  return to;
}

/**
 * String keys to numbers, looked up by a range of bytes without cutting a string out. The keys' bytes
 * sit in one pool, so a lookup compares bytes with bytes, never touching a string.
 */
export class ByteKeyMap {
  private keyStart: Int32Array;
  private keyLen: Int32Array;
  /** each slot's key hash: keys of one length (participant ids) are told apart without reading them */
  private hashes: Int32Array;
  private vals: Int32Array;
  private mask: number;
  private size = 0;
  private pool = new Uint8Array(1024);
  private poolUsed = 0;
  constructor(expected: number) {
    let cap = 64;
    while (cap < expected * 2) cap *= 2;
    this.keyStart = new Int32Array(cap);
    this.keyLen = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }
  /** the value of the key spelt by u[st, en), or -1 */
  get(u: Uint8Array, st: number, en: number): number {
    const len = en - st;
    const pool = this.pool;
    const h = hashBytes(u, st, en) | 0;
    let i = h & this.mask;
    for (;;) {
      const kl = this.keyLen[i] as number;
      if (kl === -1) return -1;
      if (kl === len && (this.hashes[i] as number) === h) {
        const ks = this.keyStart[i] as number;
        let k = 0;
        while (k < len && pool[ks + k] === u[st + k]) k++;
        if (k === len) return this.vals[i] as number;
      }
      i = (i + 1) & this.mask;
    }
  }
  /** key -> v; a key with characters outside ASCII is stored too but no range of a fast row spells it */
  set(key: string, v: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const bytes = asciiBytes(key);
    const h = hashBytes(bytes, 0, bytes.length) | 0;
    let i = h & this.mask;
    for (;;) {
      const kl = this.keyLen[i] as number;
      if (kl === -1) break;
      if (kl === bytes.length && this.poolEquals(this.keyStart[i] as number, bytes)) {
        this.vals[i] = v;
        return;
      }
      i = (i + 1) & this.mask;
    }
    if (this.poolUsed + bytes.length > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + bytes.length));
      bigger.set(this.pool);
      this.pool = bigger;
    }
    this.pool.set(bytes, this.poolUsed);
    this.keyStart[i] = this.poolUsed;
    this.keyLen[i] = bytes.length;
    this.hashes[i] = h;
    this.vals[i] = v;
    this.poolUsed += bytes.length;
    this.size++;
  }
  private poolEquals(ks: number, bytes: Uint8Array): boolean {
    for (let k = 0; k < bytes.length; k++) if (this.pool[ks + k] !== bytes[k]) return false;
    return true;
  }
  private grow(): void {
    const { keyStart, keyLen, hashes, vals } = this;
    const cap = keyLen.length * 2;
    this.keyStart = new Int32Array(cap);
    this.keyLen = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < keyLen.length; j++) {
      const kl = keyLen[j] as number;
      if (kl === -1) continue;
      const h = hashes[j] as number;
      let i = h & this.mask;
      while ((this.keyLen[i] as number) !== -1) i = (i + 1) & this.mask;
      this.keyStart[i] = keyStart[j] as number;
      this.keyLen[i] = kl;
      this.hashes[i] = h;
      this.vals[i] = vals[j] as number;
    }
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** days before each month in a common year; a leap year adds one from March on */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * YYYY-MM-DD at position p to a day number (days since 1970-01-01, as dates.ts counts), or null
 * (the careful path then words the error). yearStart gives the first day of a year.
 */
export function fastDate(u: Uint8Array, p: number, yearStart: (y: number) => number): number | null {
  if (u[p + 4] !== 45 || u[p + 7] !== 45) return null;
  // each digit is checked, else "2026-0:-01" would read as October
  for (let k = 0; k < 10; k++) {
    const c = u[p + k] as number;
    if ((c < 48 || c > 57) && k !== 4 && k !== 7) return null;
  }
  const y = ((u[p] as number) - 48) * 1000 + ((u[p + 1] as number) - 48) * 100 + ((u[p + 2] as number) - 48) * 10 + ((u[p + 3] as number) - 48);
  const m = ((u[p + 5] as number) - 48) * 10 + ((u[p + 6] as number) - 48);
  const day = ((u[p + 8] as number) - 48) * 10 + ((u[p + 9] as number) - 48);
  if (!(y >= 1000) || !(m >= 1 && m <= 12) || !(day >= 1)) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  if (day > dim) return null;
  return yearStart(y) + (DAYS_BEFORE_MONTH[m - 1] as number) + (leap && m > 2 ? 1 : 0) + day - 1;
}

/** 10^(6 - n) for n decimals: the scale that makes n decimals millionths */
const MICRO_SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/**
 * Decimal text in u[s, e) to an integer of millionths, as csv.ts parseMicro reads it (at most 10
 * integer digits and 6 decimals, below 9e15), NaN when not plain.
 */
export function fastMicro(u: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (u[i] === 45) {
    neg = true;
    i++;
  }
  let intPart = 0;
  let nInt = 0;
  while (i < e) {
    const c = u[i] as number;
    if (c === 46) break;
    if (c < 48 || c > 57) return Number.NaN;
    intPart = intPart * 10 + (c - 48);
    nInt++;
    i++;
  }
  if (nInt === 0 || nInt > 10) return Number.NaN;
  let frac = 0;
  if (i < e) {
    i++;
    let nFrac = 0;
    while (i < e) {
      const c = u[i] as number;
      if (c < 48 || c > 57) return Number.NaN;
      frac = frac * 10 + (c - 48);
      nFrac++;
      i++;
    }
    if (nFrac === 0 || nFrac > 6) return Number.NaN;
    frac *= MICRO_SCALE[nFrac] as number;
  }
  const v = intPart * 1_000_000 + frac;
  if (v >= 9e15) return Number.NaN;
  return neg ? -v : v;
}
