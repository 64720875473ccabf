import { GUINEA } from './guinea.ts';
import { MALI_OMEA } from './mali-omea.ts';
import type { Profile } from './types.ts';

export type { Profile } from './types.ts';

/** Built-in profiles by id; `mali-omea` is the default. */
export const PROFILES: Readonly<Record<string, Profile>> = Object.freeze({
  'mali-omea': MALI_OMEA,
  guinea: GUINEA,
});

export const PROFILE_IDS = Object.keys(PROFILES) as readonly string[];
