/** Public surface of the engine: pure, deterministic, DOM-free. */
export * from './batch.ts';
export * from './calendar.ts';
export * from './plan.ts';
export * from './scenario.ts';
export * from './world.ts';
export { generateChunk } from './sim/chunk.ts';
export { PROFILES, PROFILE_IDS } from './profiles/index.ts';
export type { Profile, ServiceType, Region, Operator } from './profiles/types.ts';
// Faults and fraud: scenario sections, labels for the UI, ledger tables, delivery times.
export * from './truth/options.ts';
export { LEDGER_KINDS, LEDGER_TABLE, ACTORS_TABLE, LEDGER_DIR, kindOfCode, ledgerColumns, actorColumns, type LedgerKind } from './truth/ledger.ts';
export { PATTERN_NAMES, type FraudActor } from './fraud/actors.ts';
export { arrivalTimes, ArrivalQueue, ingestDelayMs, ingestKey } from './faults/delivery.ts';
export type { ChunkExtra, PlanTruth } from './truth/extras.ts';
