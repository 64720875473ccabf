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
  it('the same scenario gives the same bytes as when DATA_VERSION 2 was pinned (bump DATA_VERSION when this changes)', () => {
    expect(DATA_VERSION).toBe(2);
    const mali = makeWorld(small);
    expect({ 0: chunkHashes(mali, 0), 13: chunkHashes(mali, 13), 47: chunkHashes(mali, 47) }).toEqual({
      0: {
        voice: '6f4863f540434b95714d901da31aa55ee63e3bfad6a2479b37ae4c6cc1654ec0',
        sms: '9ffc550df54d2838aa21ab76df7b2b658537b78606c49088f48615dc7960f471',
        data: '88c702e2eb2f60fe35d978a75859875f16bd04ae03c2c94b2cf73cd9b1454b11',
      },
      13: {
        voice: '2ef093743d7f8a735fe23015af7a06b3e2867cdbcc2feb6fb39b6f3c6f35eaf9',
        sms: 'd97fc711c3d61381d8d5988baffe20395feb0bd74840b318025780356bda93df',
        data: 'f0342dfe6dc3159b9d78bfde60b37de688e5c60cc71eab4fb4ad548d4bce50f6',
      },
      47: {
        voice: 'd8ed5635bed18d85b2aead1a8b30f6a1c1d624fb1e53c248550a9c2820097e7e',
        sms: '4f9621179b679d32d697d7c747c575d87d54efc62d051d5a81dbe4b0bb7be00a',
        data: 'd34c6659ba9a54763a1c30547370e6e3ac2c835384fb8cc3574b67f0d8d20bf9',
      },
    });
    const guinea = makeWorld({ ...small, profile: 'guinea' });
    expect(chunkHashes(guinea, 13)).toEqual({
      voice: 'fe0a9a25dc25907cbbc52269ce1c6ce39c1cacdfee3d820a40b017dbcf2400a5',
      sms: '72efddb7db143e2a0b11820721d00dd125ca84c2776d5fef0c3b201f6a79c90c',
      data: 'cd1b7c950dcba7f2301e3438036b8af3182094bb063fd783f472b42ed455c5ef',
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
