/**
 * Fuzz: the web app's untrusted doors — the `#s=` link, the imported JSON file and the remembered copy
 * (src/state/scenario-doc.ts) — answer every input with a form or a refusal the page can show; never an
 * exception, never a hang, never a polluted prototype; what they accept is a valid form that links back to itself.
 *
 * Written against the module's exported functions (readHash, readJsonText, readDocument, recallForm,
 * shareHash, toBase64Url, fromBase64Url) while a teammate rebuilds the page around them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DOC_CHARS,
  fromBase64Url,
  readDocument,
  readHash,
  readJsonText,
  recallForm,
  shareHash,
  toBase64Url,
  type DocResult,
} from '../../../src/state/scenario-doc.ts';
import { checkForm, scenarioInputOf } from '../../../src/state/scenario-form.ts';
import {
  POLLUTION_KEYS,
  carriesPollution,
  hostileJsScenario,
  hostileJsonScenario,
  hugeString,
  jsonLeaf,
  prototypeSnapshot,
  validScenario,
} from './arbitraries.ts';

const CASE_BUDGET_MS = 5_000;
const ERROR_KEYS = ['tooLong', 'encoding', 'json', 'notObject', 'scenario', 'output', 'field'];

class MemoryStorage {
  readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
}

let accepted = 0;
let refused = 0;

/** The contract of one answer: time-bounded, well-formed, and an accepted form is valid and links to itself. */
function answer(run: () => DocResult | null, deep = true): DocResult | null {
  const before = prototypeSnapshot();
  const t0 = performance.now();
  const r = run();
  const ms = performance.now() - t0;
  expect(ms, `one case took ${ms.toFixed(0)} ms`).toBeLessThan(CASE_BUDGET_MS);
  expect(prototypeSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (r === null) return r;
  if (r.ok) {
    accepted++;
    if (!deep) return r;
    expect(carriesPollution(r.values)).toBe(false);
    expect(checkForm(r.values).errors).toEqual({});
    // What is accepted links back to itself: the link of the form reads back to a form with the same link and
    // the same scenario (values without effect, e.g. the rate of a disabled service, are not carried).
    const link = shareHash(r.values);
    const back = readHash(link);
    expect(back?.ok).toBe(true);
    if (back?.ok) {
      expect(shareHash(back.values)).toBe(link);
      expect(scenarioInputOf(back.values)).toEqual(scenarioInputOf(r.values));
    }
  } else {
    refused++;
    expect(ERROR_KEYS).toContain(r.error.key);
    expect((r.error.detail ?? '').length).toBeLessThanOrEqual(400);
    if (r.error.key === 'field') expect(r.error.field?.name).toBeTruthy();
  }
  return r;
}

/** Output options, valid and hostile. */
const outputArb = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      format: fc.oneof(fc.constantFrom('csv', 'ndjson', 'parquet', 'arrow'), jsonLeaf),
      compression: fc.oneof(fc.constantFrom('zstd', 'snappy', 'none'), jsonLeaf),
      partitionBy: fc.oneof(fc.subarray(['type', 'date', 'hour', 'region']), fc.array(jsonLeaf, { maxLength: 5 }), jsonLeaf),
    },
    { requiredKeys: [] },
  ),
  jsonLeaf,
);

/** A link payload `{ v, scenario, output }` or a bare scenario, sometimes with pollution keys around it. */
const documentArb = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(validScenario, hostileJsonScenario) },
  {
    weight: 3,
    arbitrary: fc
      .record(
        { v: fc.oneof(fc.constant(1), jsonLeaf), scenario: fc.oneof(validScenario, hostileJsonScenario, jsonLeaf), output: outputArb },
        { requiredKeys: ['scenario'] },
      )
      .chain((p) =>
        fc.option(fc.tuple(fc.constantFrom(...POLLUTION_KEYS, 'extra'), jsonLeaf), { nil: undefined }).map((extra) => {
          if (extra) Object.defineProperty(p, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
          return p as Record<string, unknown>;
        }),
      ),
  },
  { weight: 1, arbitrary: jsonLeaf },
);

describe('scenario documents fuzz (src/state/scenario-doc.ts)', () => {
  it('reads any link built from a hostile or valid document (the #s= hash)', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const text = JSON.stringify(doc) ?? 'null';
        if (text.length > MAX_DOC_CHARS) {
          // Too long for a link or a file (a 10 MB string inside): refused by size; already parsed, by content.
          expect(answer(() => readJsonText(text))).toEqual({ ok: false, error: { key: 'tooLong' } });
          expect(answer(() => readDocument(doc))?.ok).toBe(false);
          return;
        }
        const r = answer(() => readHash(`#s=${toBase64Url(text)}`));
        expect(r).not.toBeNull();
        // The same document as an imported file, and already parsed, gets the same answer.
        expect(answer(() => readJsonText(text), false)).toEqual(r);
        expect(answer(() => readDocument(JSON.parse(text)), false)).toEqual(r);
      }),
      { seed: 9101, numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(250);
  });

  it('reads JS documents with values JSON cannot carry (NaN, Infinity, undefined, BigInt...)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileJsScenario,
          hostileJsScenario.map((scenario) => ({ v: 1, scenario })),
        ),
        (doc) => {
          answer(() => readDocument(doc));
        },
      ),
      { seed: 9102, numRuns: 600 },
    );
  });

  it('reads any hash text: random, percent-encoded, broken base64url, other keys', () => {
    const b64 = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')),
      maxLength: 200,
    });
    const hash = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      b64.map((s) => `#s=${s}`),
      b64.map((s) => `s=${s}&s=${s}`),
      fc.string({ maxLength: 50 }).map((s) => `#s=${encodeURIComponent(s)}`),
      fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `#s=${toBase64Url(s)}`),
      fc.constantFrom('#', '#s', '#s=', '#s==', '#s=%', '#s=%E0%A4%A', '#=&=&', '#s=' + '_'.repeat(4097), '#x=1&s=e30'),
    );
    fc.assert(
      fc.property(hash, (h) => {
        answer(() => readHash(h));
      }),
      { seed: 9103, numRuns: 1000 },
    );
  });

  it('reads any JSON-ish text as an imported file', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      documentArb.map((d) => JSON.stringify(d) ?? ''),
      fc.constantFrom(
        '',
        '{',
        '[]',
        'null',
        '1e400',
        '{"seed":1e400}',
        '{"__proto__":{"polluted":1}}',
        '{"regionWeights":{"__proto__":5}}',
        '\ufeff{}',
      ),
    );
    fc.assert(
      fc.property(text, (t) => {
        answer(() => readJsonText(t));
      }),
      { seed: 9104, numRuns: 800 },
    );
  });

  it('refuses the enormous and the deeply nested quickly', () => {
    const big = hugeString();
    expect(answer(() => readJsonText(big))).toEqual({ ok: false, error: { key: 'tooLong' } });
    expect(answer(() => readHash(`#s=${big}`))).toEqual({ ok: false, error: { key: 'tooLong' } });
    expect(answer(() => readDocument({ scenario: { profile: big } }))?.ok).toBe(false);
    expect(answer(() => readDocument({ scenario: { [big]: 1 } }))?.ok).toBe(false);
    const deep = `{"scenario":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(answer(() => readJsonText(deep))?.ok).toBe(false);
    expect(answer(() => readJsonText(`${'['.repeat(30_000)}${']'.repeat(30_000)}`))?.ok).toBe(false);
  });

  it('refuses pollution keys in a link, at every level, and leaves the prototypes alone', () => {
    for (const doc of [
      '{"__proto__":{"polluted":1}}',
      '{"scenario":{},"__proto__":{"polluted":1}}',
      '{"scenario":{"__proto__":{"polluted":1}}}',
      '{"scenario":{"regionWeights":{"__proto__":5}}}',
      '{"scenario":{"regionWeights":{"constructor":5}}}',
      '{"scenario":{"period":{"constructor":{"prototype":{"polluted":1}}}}}',
      '{"scenario":{},"output":{"__proto__":{"format":"exe"}}}',
      '{"scenario":{},"output":{"partitionBy":["__proto__"]}}',
    ]) {
      const r = answer(() => readHash(`#s=${toBase64Url(doc)}`));
      expect(r?.ok, doc).toBe(false);
    }
  });

  it('base64url: strict both ways', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        expect(fromBase64Url(toBase64Url(s))).toBe(s);
      }),
      { seed: 9105, numRuns: 500 },
    );
    for (const bad of ['a', 'ab=', 'a+b/', '\u00e9', '_w']) expect(() => fromBase64Url(bad), bad).toThrow();
  });

  it('drops a remembered copy that is no longer valid, and never throws on what storage holds', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 100 }),
      documentArb.map((d) => JSON.stringify(d) ?? ''),
    );
    fc.assert(
      fc.property(text, (t) => {
        const storage = new MemoryStorage();
        storage.setItem('cdr-studio.scenario.v1', t);
        const values = recallForm(storage as unknown as Storage);
        if (values !== null) expect(checkForm(values).errors).toEqual({});
        else if (t !== '') expect(storage.length, 'an invalid remembered copy is dropped').toBe(0);
      }),
      { seed: 9106, numRuns: 400 },
    );
  });
});
