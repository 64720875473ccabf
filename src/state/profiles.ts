/**
 * The profiles the page knows: the built-ins, plus custom profiles imported in this session (a profile
 * JSON file, or a scenario / share link carrying one). A custom profile lives inside the scenario, so the
 * registry only lets the form refer to it by id; it is never needed to reproduce data.
 */
import { create } from 'zustand';
import { PROFILE_IDS, PROFILES, type Profile } from '../core/index.ts';
import { buildCustomProfile, customProfileSchema, type CustomProfile } from '../core/profiles/custom.ts';

interface Entry {
  input: CustomProfile;
  profile: Profile;
}

/** Custom profiles by id (latest import wins), as a store so the profile list re-renders. */
export const useCustomProfiles = create<{ byId: Record<string, Entry> }>(() => ({ byId: {} }));

/** Adds (or replaces) a validated custom profile; returns its concrete profile. */
export function registerCustomProfile(input: CustomProfile): Profile {
  const profile = buildCustomProfile(input);
  useCustomProfiles.setState((s) => ({ byId: { ...s.byId, [input.id]: { input, profile } } }));
  return profile;
}

/** A built-in or imported profile by id. */
export function lookupProfile(id: string): Profile | undefined {
  return PROFILES[id] ?? useCustomProfiles.getState().byId[id]?.profile;
}

/** The scenario's `profile` value for an id: the id of a built-in, the whole object of a custom profile. */
export function scenarioProfileValue(id: string): string | CustomProfile {
  return PROFILES[id] ? id : (useCustomProfiles.getState().byId[id]?.input ?? id);
}

/** Whether an id names an imported (custom) profile. */
export const isCustomProfile = (id: string): boolean => !PROFILES[id] && !!useCustomProfiles.getState().byId[id];

/** The ids of every profile to offer, built-ins first. */
export function profileIds(byId: Record<string, Entry> = useCustomProfiles.getState().byId): string[] {
  return [
    ...PROFILE_IDS,
    ...Object.keys(byId)
      .filter((id) => !PROFILES[id])
      .sort(),
  ];
}

/** A custom-profile issue: where (dotted path) and what. */
export interface ProfileIssue {
  path: string;
  message: string;
}

/** Parses an imported profile file: the validated custom profile, or the first problems by field. */
export function parseCustomProfile(text: string): { ok: true; value: CustomProfile } | { ok: false; issues: ProfileIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `not valid JSON (${(e as Error).message})` }] };
  }
  const r = customProfileSchema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), message: i.message.slice(0, 300) })),
  };
}

/**
 * A starting point for a custom profile: the editable parts of a built-in (geography, numbering,
 * operators, currency, tariffs, names), as pretty JSON to download and edit.
 */
export function profileTemplate(baseId: string): string {
  const own = useCustomProfiles.getState().byId[baseId];
  if (own) return JSON.stringify(own.input, null, 2) + '\n'; // an imported profile: itself, to edit further
  const p = PROFILES[baseId] ?? PROFILES['mali-omea']!;
  const template = {
    base: p.id,
    id: `my-${p.country}`,
    name: `${p.name} (custom)`,
    country: p.country,
    countryCode: p.countryCode,
    nationalLength: p.nationalLength,
    currency: p.currency,
    utcOffsetMinutes: p.utcOffsetMinutes,
    timeZone: p.timeZone,
    regions: p.regions.map((r) => ({ name: r.name, code: r.code, weight: r.weight, ruralClass: r.ruralClass, towns: r.towns })),
    operators: p.operators,
    foreign: p.foreign,
    tariffs: p.tariffs,
    names: p.names,
  };
  return JSON.stringify(template, null, 2) + '\n';
}
