import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/core/index.ts';
import {
  checkForm,
  DEFAULT_FORM,
  effectiveWeights,
  formFromScenario,
  readDecimal,
  readNumber,
  scenarioInputOf,
  type FormValues,
} from '../../../src/state/scenario-form.ts';
import { estimateOutputBytes } from '../../../src/state/studio.ts';

const form = (patch: Partial<FormValues>): FormValues => ({ ...DEFAULT_FORM, ...patch });

describe('scenario form', () => {
  it('turns the default form into the default scenario, with nothing but the basics in the document', () => {
    expect(scenarioInputOf(DEFAULT_FORM)).toEqual({
      seed: 42,
      profile: 'mali-omea',
      period: { start: '2025-10-01', days: 7 },
      population: { subscribers: 100_000 },
    });
    const c = checkForm(DEFAULT_FORM, estimateOutputBytes);
    expect(c.errors).toEqual({});
    expect(c.scenario).toEqual(parseScenario({}));
    expect(c.plan?.total).toBeGreaterThan(0);
  });

  it('reads numbers typed with separators in either language', () => {
    expect(readNumber('20 000')).toBe(20_000);
    expect(readNumber('20,000')).toBe(20_000);
    expect(readNumber('20\u202f000')).toBe(20_000);
    expect(readNumber('abc')).toBeNaN();
    expect(readNumber('  ')).toBeUndefined();
    expect(readDecimal('2,5')).toBe(2.5);
    expect(readDecimal('2.5')).toBe(2.5);
  });

  it('puts a message next to each invalid field and gives no scenario', () => {
    const c = checkForm(form({ days: '400', subscribers: '5', seed: '-1', start: '2025-02-30x' }));
    expect(c.errors.days).toEqual({ key: 'range', params: { min: 1, max: 366 } });
    expect(c.errors.subscribers?.key).toBe('range');
    expect(c.errors.seed?.key).toBe('range');
    expect(c.errors.start?.key).toBe('date');
    expect(c.scenario).toBeNull();
  });

  it('reports an impossible calendar date through the engine, on the date field', () => {
    const c = checkForm(form({ start: '2025-02-30' }));
    expect(c.errors.start?.key).toBe('engine');
  });

  it('refuses a run too big to hold in memory, before planning it', () => {
    const c = checkForm(form({ days: '366', subscribers: '5000000' }), estimateOutputBytes);
    expect(c.errors.form?.key).toBe('tooBig');
    expect(c.plan).toBeNull();
  });

  it('requires a service, and type and date in a partitioned layout', () => {
    expect(checkForm(form({ services: { voice: false, sms: false, data: false } })).errors.services?.key).toBe('noService');
    expect(checkForm(form({ output: { format: 'parquet', compression: 'zstd', partitionBy: ['date'] } })).errors.partitionBy?.key).toBe(
      'partitionNeedsTypeDate',
    );
    expect(checkForm(form({ output: { format: 'parquet', compression: 'zstd', partitionBy: ['type', 'date', 'region'] } })).errors).toEqual(
      {},
    );
  });

  it('writes only what differs from the defaults: exact volumes, disabled services, rates, weights, schema', () => {
    const values = form({
      profile: 'guinea',
      volumeMode: 'exact',
      recordsPerDay: { voice: '1000', sms: '500', data: '0' },
      services: { voice: true, sms: true, data: false },
      regionWeights: [300, 170, 130, 130, 90, 60, 60, 60].map((x, i) => (i === 0 ? x + 10 : i === 1 ? x - 10 : x)),
      schema: 'extended',
    });
    const input = scenarioInputOf(values);
    expect(input.volume).toEqual({ mode: 'exact', recordsPerDay: { voice: 1000, sms: 500, data: 0 } });
    expect(input.services).toEqual({ data: { enabled: false } });
    expect(input.regionWeights).toMatchObject({ Conakry: 31, Kankan: 16 });
    expect(input.schema).toBe('extended');
  });

  it('restores every control from its own scenario (round trip)', () => {
    const values = form({
      profile: 'guinea',
      start: '2024-02-28',
      days: '3',
      subscribers: '12000',
      seed: '7',
      volumeMode: 'rows',
      rows: '250000',
      services: { voice: true, sms: false, data: true },
      rates: { voice: '3.5', sms: '', data: '4' },
      regionWeights: [310, 160, 130, 130, 90, 60, 60, 60],
      schema: 'extended',
      output: { format: 'parquet', compression: 'snappy', partitionBy: ['type', 'date', 'hour'] },
    });
    const scenario = checkForm(values).scenario!;
    expect(scenario).not.toBeNull();
    expect(formFromScenario(scenario, values.output)).toEqual(values);
  });

  it('keeps imported model parameters without controls, and weights that are not whole tenths', () => {
    const scenario = parseScenario({
      population: { subscribers: 5000, prepaidShare: 0.5 },
      services: { voice: { durationMu: 4.2 } },
      regionWeights: { Bamako: 1, Segou: 2 },
    });
    const values = formFromScenario(scenario);
    expect(values.advanced).toEqual({
      regionWeights: { Bamako: 1, Segou: 2 },
      population: { prepaidShare: 0.5 },
      services: { voice: { durationMu: 4.2 } },
    });
    expect(values.regionWeights).toBeNull();
    expect(effectiveWeights(values).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(parseScenario(scenarioInputOf(values))).toEqual(scenario);
  });
});

describe('scenario sections without controls', () => {
  it('keeps unknown-to-the-form sections verbatim (e.g. faults or fraud, when the engine has them)', () => {
    const values = formFromScenario(parseScenario({ population: { subscribers: 5000 } }));
    const withOther = { ...values, advanced: { other: { schema: 'extended' } } };
    expect(scenarioInputOf(withOther).schema).toBe('extended');
    // The default scenario has none.
    expect(formFromScenario(parseScenario({})).advanced).toBeNull();
  });
});
