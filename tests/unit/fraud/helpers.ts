/** Shared fixtures of the fault / fraud tests: scenarios with every kind on. */
import type { ScenarioInput } from '../../../src/core/index.ts';

export const FAULT_KEYS = [
  'exactDuplicates',
  'nearDuplicates',
  'missingFields',
  'truncatedRows',
  'malformedMsisdn',
  'malformedImei',
  'corruptValues',
  'clockSkew',
  'orphanLegs',
  'timestampAnomalies',
  'lateArrivals',
  'outOfOrder',
] as const;

/** Every fault kind enabled with its documented default rate. */
export const allFaults = (): Record<string, { enabled: true }> => Object.fromEntries(FAULT_KEYS.map((k) => [k, { enabled: true }]));

/** Every fraud pattern enabled with its documented defaults. */
export const allFraud = () => ({
  simBox: { enabled: true },
  wangiri: { enabled: true },
  irsf: { enabled: true },
  highVelocity: { enabled: true },
});

/** A scenario with every fault and fraud kind on. */
export function everything(base: ScenarioInput): ScenarioInput {
  return { ...base, faults: allFaults(), fraud: allFraud() };
}
