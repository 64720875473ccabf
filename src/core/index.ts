/** Public surface of the engine: pure, deterministic, DOM-free. */
export * from './batch.ts';
export * from './calendar.ts';
export * from './plan.ts';
export * from './scenario.ts';
export * from './world.ts';
export { generateChunk } from './sim/chunk.ts';
export { PROFILES, PROFILE_IDS } from './profiles/index.ts';
export type { Profile, ServiceType, Region, Operator } from './profiles/types.ts';
