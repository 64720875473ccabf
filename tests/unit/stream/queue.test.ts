import { describe, expect, it } from 'vitest';
import type { EncodedLines } from '../../../src/stream/encode.ts';
import { BoundedLineQueue } from '../../../src/stream/sinks/queue.ts';
import { backoffDelay } from '../../../src/stream/sinks/sink.ts';
import { kafkaBody } from '../../../src/stream/sinks/http.ts';

const enc = new TextEncoder();
/** Lines "<from>\n" … "<to-1>\n" of service code `type`. */
function lines(from: number, to: number, type = 0): EncodedLines {
  const text = Array.from({ length: to - from }, (_, i) => `${from + i}\n`).join('');
  const bytes = enc.encode(text);
  const ends = new Uint32Array(to - from);
  let k = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) ends[k++] = i + 1;
  return { count: to - from, bytes, ends, type: new Uint8Array(to - from).fill(type) };
}
const dec = new TextDecoder();
const taken = (q: BoundedLineQueue, n: number) => {
  const b = q.take(n)!;
  return Array.from({ length: b.count }, (_, i) => dec.decode(b.line(i)).trim());
};

describe('BoundedLineQueue', () => {
  it('is FIFO across pushes and takes partial segments', () => {
    const q = new BoundedLineQueue(100, 1 << 20);
    q.push(lines(0, 5));
    q.push(lines(5, 8));
    expect(q.records).toBe(8);
    expect(taken(q, 3)).toEqual(['0', '1', '2']);
    expect(taken(q, 10)).toEqual(['3', '4', '5', '6', '7']);
    expect(q.records).toBe(0);
    expect(q.bytes).toBe(0);
    expect(q.take(5)).toBeNull();
  });

  it('drops the OLDEST records beyond the record cap, and counts them', () => {
    const q = new BoundedLineQueue(10, 1 << 20);
    let dropped = 0;
    for (let i = 0; i < 100; i += 4) dropped += q.push(lines(i, i + 4));
    expect(q.records).toBe(10);
    expect(dropped).toBe(90);
    expect(q.dropped).toBe(90);
    expect(taken(q, 100)).toEqual(Array.from({ length: 10 }, (_, i) => String(90 + i)));
  });

  it('honours the byte cap', () => {
    const q = new BoundedLineQueue(1_000_000, 50);
    for (let i = 0; i < 1000; i += 10) q.push(lines(i, i + 10));
    expect(q.bytes).toBeLessThanOrEqual(50);
    expect(q.records + q.dropped).toBe(1000);
    const rest = taken(q, 1000);
    expect(rest[rest.length - 1]).toBe('999');
  });

  it('takes at most about maxBytes per batch (at least one line)', () => {
    const q = new BoundedLineQueue(100, 1 << 20);
    q.push(lines(10, 20));
    expect(q.take(100, 7)!.count).toBe(2); // "10\n11\n" = 6 bytes, a third line would exceed 7
    expect(q.take(100, 1)!.count).toBe(1);
  });
});

describe('backoff and Kafka body', () => {
  it('doubles up to the cap, with jitter within [d/2, d)', () => {
    const o = { backoffBaseMs: 100, backoffMaxMs: 5000 };
    expect(backoffDelay(1, { ...o, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { ...o, random: () => 0.999999 })).toBeCloseTo(100, 3);
    expect(backoffDelay(3, { ...o, random: () => 0 })).toBe(200);
    expect(backoffDelay(20, { ...o, random: () => 0 })).toBe(2500);
  });

  it('wraps NDJSON lines as Kafka REST v2 records without reparsing them', () => {
    const body = kafkaBody([enc.encode('{"a":1}\n'), enc.encode('{"b":"x"}\n')]);
    expect(JSON.parse(dec.decode(body))).toEqual({ records: [{ value: { a: 1 } }, { value: { b: 'x' } }] });
    expect(JSON.parse(dec.decode(kafkaBody([])))).toEqual({ records: [] });
  });
});
