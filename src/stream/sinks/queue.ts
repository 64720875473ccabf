/**
 * The bounded buffer in front of a network sink: a FIFO of encoded lines with a cap on records and
 * bytes. When a push goes over the cap the OLDEST queued records are dropped (and counted): a live
 * stream keeps its freshest data and memory stays bounded whatever the sink does.
 */
import type { EncodedLines } from '../encode.ts';

interface Segment {
  lines: EncodedLines;
  /** First line not yet taken. */
  start: number;
}

/** A run of lines taken from the queue (views into the pushed buffers). */
export interface LineBatch {
  count: number;
  /** Each line's bytes, LF included. */
  line(i: number): Uint8Array;
  /** Service code of each line. */
  type(i: number): number;
  /** Total bytes of the lines. */
  bytes: number;
}

export class BoundedLineQueue {
  private segs: Segment[] = [];
  private head = 0;
  private records_ = 0;
  private bytes_ = 0;
  /** Records dropped because the buffer was full. */
  dropped = 0;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
  ) {
    if (!(maxRecords >= 1) || !(maxBytes >= 1)) throw new Error('queue caps must be ≥ 1');
  }

  get records(): number {
    return this.records_;
  }

  get bytes(): number {
    return this.bytes_;
  }

  /** Adds lines at the tail; drops the oldest records while over a cap. Returns how many were dropped. */
  push(lines: EncodedLines): number {
    if (lines.count === 0) return 0;
    this.segs.push({ lines, start: 0 });
    this.records_ += lines.count;
    this.bytes_ += lines.bytes.length;
    let dropped = 0;
    while (this.records_ > this.maxRecords || this.bytes_ > this.maxBytes) {
      const s = this.segs[this.head]!;
      const n = s.lines.count - s.start;
      let k = 0;
      let r = this.records_;
      let b = this.bytes_;
      while (k < n && (r > this.maxRecords || b > this.maxBytes)) {
        b -= lineLen(s.lines, s.start + k);
        r--;
        k++;
      }
      this.records_ = r;
      this.bytes_ = b;
      s.start += k;
      dropped += k;
      if (s.start >= s.lines.count) this.shiftHead();
    }
    this.dropped += dropped;
    return dropped;
  }

  private shiftHead(): void {
    this.segs[this.head] = undefined as unknown as Segment;
    this.head++;
    if (this.head > 64 && this.head * 2 > this.segs.length) {
      this.segs = this.segs.slice(this.head);
      this.head = 0;
    }
  }

  /** Takes up to `maxRecords` records / about `maxBytes` bytes (at least one record) from the head. */
  take(maxRecords: number, maxBytes = Infinity): LineBatch | null {
    if (this.records_ === 0) return null;
    const views: Uint8Array[] = [];
    const types: number[] = [];
    let bytes = 0;
    while (views.length < maxRecords && this.head < this.segs.length) {
      const s = this.segs[this.head]!;
      const l = s.lines;
      while (s.start < l.count && views.length < maxRecords) {
        const a = s.start === 0 ? 0 : l.ends[s.start - 1]!;
        const e = l.ends[s.start]!;
        if (views.length > 0 && bytes + (e - a) > maxBytes) break;
        views.push(l.bytes.subarray(a, e));
        types.push(l.type[s.start]!);
        bytes += e - a;
        s.start++;
      }
      if (s.start >= l.count) this.shiftHead();
      else break;
    }
    this.records_ -= views.length;
    this.bytes_ -= bytes;
    return {
      count: views.length,
      bytes,
      line: (i) => views[i]!,
      type: (i) => types[i]!,
    };
  }

  /** Empties the queue; returns the number of records discarded (not counted as dropped here). */
  clear(): number {
    const n = this.records_;
    this.segs = [];
    this.head = 0;
    this.records_ = 0;
    this.bytes_ = 0;
    return n;
  }
}

function lineLen(l: EncodedLines, i: number): number {
  return l.ends[i]! - (i === 0 ? 0 : l.ends[i - 1]!);
}
