/**
 * The transactions table the reader fills (engine/inputs.ts) and what it is made of: the columns, the
 * splits, the ids and the window of the file the reader walks. Apart from the reader because they are
 * the table's storage, not its rules: what a row must hold is decided there.
 */
import { asciiBytes, bytesEqualString, hashBytes, hashString } from './text-bytes';

export interface Split {
  /** participant indexes */
  members: number[];
  /** credit shares in millionths */
  credit: number[];
  /** payout shares in millionths */
  payout: number[];
}

/** All splits of a transactions file, flat: split k's members are at offsets[k] .. offsets[k + 1] - 1. */
export class SplitTable {
  count = 0;
  offsets = new Int32Array(1);
  members = new Int32Array(0);
  /** credit shares in millionths */
  credit = new Int32Array(0);
  /** payout shares in millionths */
  payout = new Int32Array(0);
  /** members written so far; the arrays above grow by doubling while reading (no per-member garbage) */
  private used = 0;
  get length(): number {
    return this.count;
  }
  /** while reading: append a split, returns its index */
  add(s: Split): number {
    return this.addFlat(s.members.length, s.members, s.credit, s.payout);
  }
  /** while reading: append a split of n members held in the first n entries of the arrays, returns its index */
  addFlat(n: number, members: ArrayLike<number>, credit: ArrayLike<number>, payout: ArrayLike<number>): number {
    if (this.count + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.count + 2);
    if (this.used + n > this.members.length) {
      const need = this.used + n;
      this.members = grown(this.members, need);
      this.credit = grown(this.credit, need);
      this.payout = grown(this.payout, need);
    }
    for (let k = 0; k < n; k++) {
      this.members[this.used] = members[k] as number;
      this.credit[this.used] = credit[k] as number;
      this.payout[this.used] = payout[k] as number;
      this.used++;
    }
    this.count++;
    this.offsets[this.count] = this.used;
    return this.count - 1;
  }
  /** after reading: the arrays cut to what was written */
  finish(): void {
    this.offsets = this.offsets.slice(0, this.count + 1);
    this.members = this.members.slice(0, this.used);
    this.credit = this.credit.slice(0, this.used);
    this.payout = this.payout.slice(0, this.used);
  }
}

/** a copy of a with room for at least `need` entries (twice the size, or more) */
function grown(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}

/**
 * Transactions, column-wise (1,000,000 rows fit in a few tens of megabytes). Amounts and quantities are
 * exact integers of millionths (1e-6); shares are millionths too.
 */
export interface TransactionTable {
  count: number;
  /** ids.at(row) is the transaction_id of a row */
  ids: TxIds;
  line: Int32Array;
  date: Int32Array;
  /** participant index of the participant_id column, -1 when empty (split only) */
  participant: Int32Array;
  amount: Float64Array;
  quantity: Float64Array;
  product: Int32Array;
  type: Int32Array;
  /** STATUS_BOOKED, STATUS_PAID or STATUS_CANCELLED */
  status: Uint8Array;
  /** -1 = direct credit, else index into splits */
  split: Int32Array;
  splits: SplitTable;
  products: string[];
  types: string[];
  /** row index of the original (booked/paid) row of a cancellation row, -1 otherwise */
  original: Int32Array;
  /** facts for the fast path's exactness guard */
  allWholeCents: boolean;
  allShares4dp: boolean;
  /** the optional paid_date column (pay on collection): a day, or NO_DAY when empty; null without the column */
  paidDate: Int32Array | null;
  /**
   * per participant (pIdx): the sum over the rows crediting them of (|amount| + |quantity| + 1) in
   * millionths, weighted by their largest share: a bound on any running sum the fast path keeps for them
   */
  absByParticipant: Float64Array;
}

/**
 * Transaction ids without a string per row: rows read by the fast reader keep their id's bytes in one
 * arena (the file itself may be read piece by piece and not kept); rows read by the careful path keep
 * their string (start = -1 marks them, so comparing needs no map lookup). at(i) gives the id of row i.
 * The index finds the row of an id (uniqueness, and linking a cancellation to its booking); it
 * compares bytes (text-bytes.ts).
 */
export class TxIds {
  private start: Int32Array;
  private end: Int32Array;
  /** the fast rows' ids, one after the other; as large as the file, of which only the ids are touched */
  private arena: Uint8Array;
  private used = 0;
  private own = new Map<number, string>();
  /**
   * open addressing, two entries per slot: row + 1 (0 = empty, so a new table needs no fill) and the
   * id's hash, side by side so a probe reads one cache line and compares ids only on equal hashes
   */
  private slots = new Int32Array(0);
  private mask = -1;
  /** rows in the table; it doubles when half full */
  private entries = 0;
  /**
   * Rows 0 .. sortedEnd - 1 are fast-path rows whose ids ascend strictly, so they are unique without
   * a table; they are put in the table (and the table made) only when something asks it. Exports
   * often number transactions in order, and then no table is built at all: a probe of a table of a
   * million ids misses the cache on almost every row.
   */
  private sortedEnd = 0;
  private sorted = true;
  /**
   * @param capacity rows at most
   * @param bytes room for the ids' bytes to start with
   */
  constructor(capacity: number, bytes: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.arena = new Uint8Array(bytes);
  }
  at(i: number): string {
    const s = this.start[i] as number;
    if (s === -1) return this.own.get(i) as string;
    // a range is a fast-path row's id, ASCII: each byte is its character
    const u = this.arena;
    let id = '';
    for (let k = s, e = this.end[i] as number; k < e; k++) id += String.fromCharCode(u[k] as number);
    return id;
  }
  /** row i's id is the bytes src[st, en) (ASCII), copied */
  setRange(i: number, src: Uint8Array, st: number, en: number): void {
    let k = this.used;
    if (k + en - st > this.arena.length) {
      // ids longer than their room (or a file that grew while it was read)
      const bigger = new Uint8Array((k + en - st) * 2);
      bigger.set(this.arena);
      this.arena = bigger;
    }
    const u = this.arena;
    this.start[i] = k;
    for (let j = st; j < en; j++) u[k++] = src[j] as number;
    this.end[i] = k;
    this.used = k;
  }
  setString(i: number, id: string): void {
    this.start[i] = -1;
    this.own.set(i, id);
  }
  private equalsRange(r: number, src: Uint8Array, st: number, en: number): boolean {
    const rs = this.start[r] as number;
    if (rs === -1) return bytesEqualString(src, st, en, this.own.get(r) as string);
    const len = (this.end[r] as number) - rs;
    if (len !== en - st) return false;
    const u = this.arena;
    for (let k = 0; k < len; k++) if (u[rs + k] !== src[st + k]) return false;
    return true;
  }
  /** the bytes src[st, en) come strictly after row r's id (row r read by the fast path) */
  private after(r: number, src: Uint8Array, st: number, en: number): boolean {
    const u = this.arena;
    const rs = this.start[r] as number;
    const rlen = (this.end[r] as number) - rs;
    const len = en - st;
    const n = Math.min(len, rlen);
    for (let k = 0; k < n; k++) {
      const a = src[st + k] as number;
      const b = u[rs + k] as number;
      if (a !== b) return a > b;
    }
    return len > rlen;
  }
  /** from here on every indexed row is in the table */
  private table(): void {
    if (!this.sorted) return;
    this.sorted = false;
    this.resize(Math.max(1024, this.sortedEnd * 4));
    for (let r = 0; r < this.sortedEnd; r++) this.index(r);
  }
  /** a table of at least `want` slots, holding what the old one held (each entry keeps its hash) */
  private resize(want: number): void {
    let cap = 1024;
    while (cap < want) cap *= 2;
    const old = this.slots;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const row = old[j] as number;
      if (row === 0) continue;
      const h = old[j + 1] as number;
      let i = h & mask;
      while ((slots[2 * i] as number) !== 0) i = (i + 1) & mask;
      slots[2 * i] = row;
      slots[2 * i + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
  }
  /** room for one more row (the table at most half full, so probes stay short) */
  private room(): void {
    this.entries++;
    if (this.entries * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
  }
  /**
   * The fast reader's uniqueness check and indexing in one probe: the row already holding the id in
   * src[st, en) (an ASCII range), or -1 after recording row r, whose id that range is (setRange
   * follows), under it.
   */
  findOrIndexRange(src: Uint8Array, st: number, en: number, r: number): number {
    if (this.sorted) {
      if (r === this.sortedEnd && (r === 0 || this.after(r - 1, src, st, en))) {
        this.sortedEnd++;
        return -1;
      }
      this.table();
    }
    const h = hashBytes(src, st, en) | 0;
    const slots = this.slots;
    let i = h & this.mask;
    for (;;) {
      const o = (slots[2 * i] as number) - 1;
      if (o === -1) {
        slots[2 * i] = r + 1;
        slots[2 * i + 1] = h;
        this.room();
        return -1;
      }
      if ((slots[2 * i + 1] as number) === h && this.equalsRange(o, src, st, en)) return o;
      i = (i + 1) & this.mask;
    }
  }
  /** indexed row with this id, or -1 */
  find(id: string): number {
    this.table();
    const h = hashString(id) | 0;
    let i = h & this.mask;
    for (;;) {
      const r = (this.slots[2 * i] as number) - 1;
      if (r === -1) return -1;
      if ((this.slots[2 * i + 1] as number) === h && this.at(r) === id) return r;
      i = (i + 1) & this.mask;
    }
  }
  /** index row r under its id (ids of indexed rows are unique) */
  index(r: number): void {
    this.table();
    const rs = this.start[r] as number;
    const h = (rs === -1 ? hashString(this.own.get(r) as string) : hashBytes(this.arena, rs, this.end[r] as number)) | 0;
    let i = h & this.mask;
    while ((this.slots[2 * i] as number) !== 0) i = (i + 1) & this.mask;
    this.slots[2 * i] = r + 1;
    this.slots[2 * i + 1] = h;
    this.room();
  }
}

/** A file read piece by piece: its size, and a read of up to `length` bytes at `position` into `into` at `offset`. */
export interface ByteSource {
  size: number;
  read(into: Uint8Array, offset: number, length: number, position: number): number;
  /** bytes to hold at once (4 MiB when not given); more only while a line is longer */
  piece?: number;
}

/** the piece of a file the transactions reader holds at once, grown only for a longer line */
const PIECE = 4 << 20;

/**
 * A transactions file as its reader walks it: a window buf[0, filled) of its bytes to find fields in,
 * the text of a range of them (a row for the careful path, a new product name), and the text the header
 * is read from. Given a string, the bytes stand for its characters at the same positions
 * (text-bytes.ts). Given bytes (UTF-8), they are read as they are: a row holding a byte outside ASCII
 * goes to the careful path, which decodes that row alone. A string or bytes is one window; a ByteSource
 * is read a piece at a time, so a large file is neither decoded nor held whole (fresh memory costs more
 * than reading it on some machines: decision 0017).
 */
export class TxWindow {
  buf: Uint8Array;
  filled: number;
  eof: boolean;
  /** where the header line starts (after a byte order mark) */
  start = 0;
  head = '';
  /** the input's length in bytes (characters for a string): a bound on what it holds */
  readonly size: number;
  private position = 0;
  private readonly utf8 = new TextDecoder();
  private body: string | null = null;
  private readonly source: ByteSource | null;

  constructor(input: string | Uint8Array | ByteSource) {
    if (typeof input === 'string') {
      const body = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
      this.body = body;
      this.buf = asciiBytes(body);
      this.filled = this.buf.length;
      this.size = this.buf.length;
      this.eof = true;
      this.head = input;
      this.source = null;
      return;
    }
    if (input instanceof Uint8Array) {
      // a Buffer seen as a plain Uint8Array: two kinds of array at one access would slow every access
      this.buf = new Uint8Array(input.buffer, input.byteOffset, input.length);
      this.filled = this.buf.length;
      this.size = this.buf.length;
      this.eof = true;
      this.source = null;
    } else {
      this.source = input;
      this.size = input.size;
      this.buf = new Uint8Array(Math.max(1, Math.min(input.piece ?? PIECE, input.size)));
      this.filled = 0;
      this.eof = false;
      this.refill(0);
    }
    const bom = this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf;
    this.start = bom ? 3 : 0;
    while (this.buf.indexOf(10, this.start) === -1 && !this.eof) this.refill(0);
    const nl = this.buf.indexOf(10, this.start);
    const headerLine = this.text(this.start, nl === -1 ? this.filled : nl);
    if (headerLine.trim() !== '') this.head = headerLine;
    else {
      // a blank first line: the whole text, so that the header's messages read as for a string
      while (!this.eof) this.refill(0);
      this.head = this.text(this.start, this.filled);
    }
  }

  /** the whole input is in the window (a string or bytes given whole) */
  get whole(): boolean {
    return this.source === null;
  }

  text(st: number, en: number): string {
    return this.body !== null ? this.body.slice(st, en) : this.utf8.decode(this.buf.subarray(st, en));
  }

  /**
   * Keeps buf[from, filled) at the front (positions move by -from) and reads more after it, growing the
   * window when it is full; sets eof when the file has no more.
   */
  refill(from: number): void {
    const src = this.source;
    if (src === null) {
      this.eof = true;
      return;
    }
    const tail = this.filled - from;
    if (from > 0) this.buf.copyWithin(0, from, this.filled);
    else if (tail === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.filled = tail;
    const n = src.read(this.buf, this.filled, this.buf.length - this.filled, this.position);
    this.position += n;
    this.filled += n;
    if (n === 0) this.eof = true;
  }
}
