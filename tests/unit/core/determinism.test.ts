/** Determinism: the bytes depend on the scenario only, never on order, workers or unrelated services. */
import { describe, expect, it } from 'vitest';
import type { CdrBatch } from '../../../src/core/batch.ts';
import { DATA_VERSION, generateChunk, type ScenarioInput } from '../../../src/core/index.ts';
import type { World } from '../../../src/core/world.ts';
import { TYPES, chunkCsv, makeWorld, sha256 } from './helpers.ts';

/** sha256 of every column of a batch (typed arrays, in field order). */
function batchHash(b: CdrBatch | undefined): string {
  if (!b) return 'none';
  const h: string[] = [String(b.length)];
  for (const [k, v] of Object.entries(b))
    if (ArrayBuffer.isView(v)) h.push(k + ':' + sha256(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
  return sha256(h.join('|'));
}

/** sha256 of the extended CSV of every type of chunk k. */
function chunkHashes(w: World, k: number): Record<string, string> {
  const c = generateChunk(w, k);
  return Object.fromEntries(TYPES.map((t) => [t, sha256(chunkCsv(w, c, t, 'extended'))]));
}

const small: ScenarioInput = { population: { subscribers: 20_000 }, period: { days: 2 } };

describe('seeded snapshots', () => {
  it('the same scenario gives the same bytes as when DATA_VERSION 1 was pinned (bump DATA_VERSION when this changes)', () => {
    expect(DATA_VERSION).toBe(1);
    const mali = makeWorld(small);
    expect({ 0: chunkHashes(mali, 0), 13: chunkHashes(mali, 13), 47: chunkHashes(mali, 47) }).toEqual({
      0: {
        voice: '67e947382c948b5c9bf2cd957ddbf4295becb345c081bf6ce145d9d559d53f8a',
        sms: 'f706826fa264ae2d7fb65daf52459bfda698688de8670790b0b9a853efca0c53',
        data: '6eefce18f091ef544ec1b914c7c6463d972467d3b5b88e0411d6855838af6f1f',
      },
      13: {
        voice: 'a59e4a9ceb40aee7ccc8dadc86dff9d9e882b7ba7c42487161dd4ccc2e46ab81',
        sms: '00e95619c16acb51e8ecbdfb273025e9477481cb5acfa59d71dc982eef278e92',
        data: '603af0463203cb75c5c19ab44d56f1ed672d198623b3f16fd6d4cfd8b4ef2496',
      },
      47: {
        voice: '91df977d81f86dcc23e00fcf64f6b9419d12b586d01248317ebfea3b49fe112c',
        sms: '281ae3493d8688670ca354cc3415bb8ee232d6e39cf3e01cc19c6f22ead64e64',
        data: '8bf948450dd3abc84c59596f3f5a0dd82291de6a660832f993e430151908f13e',
      },
    });
    const guinea = makeWorld({ ...small, profile: 'guinea' });
    expect(chunkHashes(guinea, 13)).toEqual({
      voice: '11c29cf8aaf4be2724458230eee038af2c7ebec3183404951e3749aef98a2213',
      sms: '9d8e674df5037f3e5347fac71e36b64e0f0c00fbd11d488dcd98567b73307725',
      data: '4b51099e69e8bfc613850f42ea8fd0b00229707ee790e73ddb5741a2008d1bc4',
    });
  });
});

describe('same scenario ⇒ same bytes', () => {
  it('two independently built worlds give byte-identical CSV for every chunk', () => {
    const a = makeWorld(small);
    const b = makeWorld(JSON.parse(JSON.stringify(small)));
    for (const k of [0, 1, 12, 23, 24, 40, 47]) expect(chunkHashes(b, k)).toEqual(chunkHashes(a, k));
  });

  it('chunk k is the same whether generated alone, first, last, twice or interleaved with another world', () => {
    const ks = [0, 5, 19, 30, 47];
    const alone = Object.fromEntries(ks.map((k) => [k, chunkHashes(makeWorld(small), k)]));
    const w = makeWorld(small);
    const other = makeWorld({ ...small, seed: 7 });
    const seen: Record<number, Record<string, string>> = {};
    for (let k = 47; k >= 0; k--) {
      generateChunk(other, (k * 7) % 48);
      if (ks.includes(k)) seen[k] = chunkHashes(w, k);
      else generateChunk(w, k);
    }
    expect(seen).toEqual(alone);
    expect(chunkHashes(w, 19)).toEqual(alone[19]);
  });

  it('the world tables do not depend on anything but the scenario', () => {
    const a = makeWorld(small);
    const b = makeWorld(small);
    for (const k of ['msisdn', 'imsi', 'imei', 'homeCell', 'workCell', 'activityClass', 'flags'] as const)
      expect(b.subs[k]).toEqual(a.subs[k]);
    expect(b.cells.id).toEqual(a.cells.id);
    expect(b.cells.lat).toEqual(a.cells.lat);
  });
});

describe('different scenarios ⇒ different data', () => {
  it('a different seed changes every service and the subscriber base, but not the counts', () => {
    const a = makeWorld(small);
    const b = makeWorld({ ...small, seed: 43 });
    expect(b.plan.totals).toEqual(a.plan.totals);
    const ha = chunkHashes(a, 20);
    const hb = chunkHashes(b, 20);
    for (const t of TYPES) expect(hb[t]).not.toBe(ha[t]);
    let same = 0;
    for (let i = 0; i < a.subs.n; i++) if (a.subs.msisdn[i] === b.subs.msisdn[i]) same++;
    expect(same).toBeLessThan(a.subs.n / 100);
  });
});

describe('sub-streams: a service never changes the records of another', () => {
  it('disabling SMS or data, or selecting only some types, leaves the other services byte-identical', () => {
    const all = makeWorld(small);
    const noSms = makeWorld({ ...small, services: { sms: { enabled: false } } });
    const noData = makeWorld({ ...small, services: { data: { enabled: false } } });
    const onlyVoice = makeWorld(small, ['voice']);
    for (let k = 0; k < all.plan.chunks.length; k += 5) {
      const a = generateChunk(all, k);
      const s = generateChunk(noSms, k);
      const d = generateChunk(noData, k);
      const v = generateChunk(onlyVoice, k);
      expect(s.sms).toBeUndefined();
      expect(d.data).toBeUndefined();
      expect(v.sms).toBeUndefined();
      expect(v.data).toBeUndefined();
      expect(batchHash(s.voice)).toBe(batchHash(a.voice));
      expect(batchHash(s.data)).toBe(batchHash(a.data));
      expect(batchHash(d.voice)).toBe(batchHash(a.voice));
      expect(batchHash(d.sms)).toBe(batchHash(a.sms));
      expect(batchHash(v.voice)).toBe(batchHash(a.voice));
    }
  });

  it('changing the SMS or data model leaves voice byte-identical', () => {
    const all = makeWorld(small);
    const other = makeWorld({
      ...small,
      services: { sms: { delivery: { delivered: 50, failed: 50 } }, data: { durationMu: 4, rat: { '4G': 90 } } },
    });
    for (const k of [3, 21, 44]) {
      const a = generateChunk(all, k);
      const b = generateChunk(other, k);
      expect(batchHash(b.voice)).toBe(batchHash(a.voice));
      expect(batchHash(b.sms)).not.toBe(batchHash(a.sms));
      expect(batchHash(b.data)).not.toBe(batchHash(a.data));
    }
  });

  it('holds for runs large enough to split hours into several chunks (regression: disabling SMS moved the voice chunks)', () => {
    const big: ScenarioInput = { population: { subscribers: 400_000 }, period: { days: 1 } };
    const all = makeWorld(big);
    const noSms = makeWorld({ ...big, services: { sms: { enabled: false } } });
    expect(all.plan.chunks.some((c) => c.parts > 1)).toBe(true);
    expect(noSms.plan.chunks.length).toBe(all.plan.chunks.length);
    // A split busy hour and the last chunk of the day (whose index would shift first).
    const split = all.plan.chunks.find((c) => c.parts > 1)!.index;
    for (const k of [split, split + 1, all.plan.chunks.length - 1]) {
      const a = generateChunk(all, k, ['voice']);
      const b = generateChunk(noSms, k, ['voice']);
      expect(b.voice!.length).toBeGreaterThan(0);
      expect(batchHash(b.voice)).toBe(batchHash(a.voice));
    }
  });
});
