/**
 * Custom (imported) country profiles: a scenario's `profile` may be an object instead of a built-in id.
 * It starts from a built-in profile (`base`) and replaces its geography, numbering, operators, currency,
 * tariffs and names; the behavioural model (time curves, durations, volumes) stays the base's unless the
 * scenario's `services` / `population` sections override it. The whole profile travels inside the scenario
 * (JSON, share link, CLI `--config`), so a custom profile is as reproducible as a built-in one.
 * Every string is validated here and shown as text by the page (never HTML).
 */
import '../zod-config.ts';
import { z } from 'zod';
import { GUINEA } from './guinea.ts';
import { MALI_OMEA } from './mali-omea.ts';
import type { Profile, Region } from './types.ts';

/** Built-ins a custom profile can start from (kept here to avoid an import cycle with index.ts). */
const BASES: Readonly<Record<string, Profile>> = { 'mali-omea': MALI_OMEA, guinea: GUINEA };
const BUILT_IN_IDS = Object.keys(BASES);

// Printable text without control characters, angle brackets or quotes: names end up in CSV cells,
// file names, SQL comments and the page (always as text, but there is no reason to allow markup).
// eslint-disable-next-line no-control-regex -- control characters are exactly what the pattern refuses
const TEXT_RE = /^[^\u0000-\u001f\u007f<>"`\\]+$/u;
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be a string` })
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`)
    .regex(TEXT_RE, `${label} must be plain text (no control characters, < > " \` or \\)`);
const digits = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} must be a string of digits` })
    .regex(new RegExp(`^[0-9]{${min},${max}}$`), `${label} must be ${min === max ? min : `${min}–${max}`} digits`);
const num = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, `${label} must be finite`)
    .refine((x) => x >= min && x <= max, `${label} must be between ${min} and ${max}`);
const int = (label: string, min: number, max: number) => num(label, min, max).refine(Number.isInteger, `${label} must be an integer`);

const townSchema = z
  .object({
    name: text('town name', 60),
    lat: num('lat', -90, 90),
    lon: num('lon', -180, 180),
    weight: num('town weight', 0, 1e6).default(1),
    /** Spread of the town's sites in degrees (1 sigma). */
    spread: num('spread', 0.001, 2).default(0.05),
  })
  .strict();

const regionSchema = z
  .object({
    name: text('region name', 60),
    code: z.string({ error: 'region code must be a string' }).regex(/^[A-Z]{3}$/, 'region code must be 3 capital letters (A–Z)'),
    weight: num('region weight', 0, 1e6),
    ruralClass: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'ruralClass must be 0, 1, 2 or 3' }).default(1),
    towns: z
      .array(townSchema, { error: 'towns must be a list' })
      .min(1, 'a region needs at least one town')
      .max(50, 'at most 50 towns per region'),
  })
  .strict();

const operatorSchema = z
  .object({
    id: z
      .string({ error: 'operator id must be a string' })
      .regex(/^[a-z0-9][a-z0-9_-]{0,29}$/, 'operator id must be a lower-case slug (a–z, 0–9, - or _)'),
    name: text('operator name', 60),
    mcc: digits('mcc', 3, 3),
    mnc: digits('mnc', 2, 3),
    prefixes: z
      .array(digits('prefix', 1, 4), { error: 'prefixes must be a list' })
      .min(1, 'an operator needs at least one prefix')
      .max(50),
    marketShare: num('marketShare', 0, 100),
  })
  .strict();

const foreignSchema = z
  .object({ countryCode: digits('countryCode', 1, 3), nationalLength: int('nationalLength', 4, 12), weight: num('weight', 0, 1e6) })
  .strict();

const trio = (label: string) =>
  z
    .object({
      onNet: num(`${label}.onNet`, 0, 1e9),
      offNet: num(`${label}.offNet`, 0, 1e9),
      international: num(`${label}.international`, 0, 1e9),
    })
    .strict();

/** A custom profile as written in a scenario. Only `id`, `name` and `regions` are required. */
export const customProfileSchema = z
  .object({
    /** Built-in profile it starts from (model defaults, anything not given here). */
    base: z.enum(BUILT_IN_IDS as [string, ...string[]], { error: `base must be one of ${BUILT_IN_IDS.join(', ')}` }).default('mali-omea'),
    id: z
      .string({ error: 'id must be a string' })
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id must be a lower-case slug (a–z, 0–9 and -, at most 40)')
      .refine((id) => !BUILT_IN_IDS.includes(id), 'id must differ from the built-in profiles'),
    name: text('name', 100),
    /** Lower-case ASCII slug used in file names (cell_towers_<country>.csv). */
    country: z
      .string({ error: 'country must be a string' })
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'country must be a lower-case ASCII slug (file names)')
      .optional(),
    countryCode: digits('countryCode', 1, 3).optional(),
    nationalLength: int('nationalLength', 6, 12).optional(),
    currency: z
      .string({ error: 'currency must be a string' })
      .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code (3 capital letters)')
      .optional(),
    utcOffsetMinutes: int('utcOffsetMinutes', -720, 840).optional(),
    timeZone: z
      .string({ error: 'timeZone must be a string' })
      .regex(/^[A-Za-z_+\-/0-9]{1,64}$/, 'timeZone must be an IANA name such as Africa/Dakar')
      .optional(),
    regions: z
      .array(regionSchema, { error: 'regions must be a list' })
      .min(1, 'a profile needs at least one region')
      .max(64, 'at most 64 regions'),
    operators: z
      .array(operatorSchema, { error: 'operators must be a list' })
      .min(1, 'a profile needs at least one operator')
      .max(10)
      .optional(),
    foreign: z.array(foreignSchema).min(1).max(50).optional(),
    tariffs: z
      .object({ voicePerSecond: trio('voicePerSecond'), smsPerMessage: trio('smsPerMessage') })
      .partial()
      .strict()
      .optional(),
    names: z
      .object({
        first: z.array(text('first name', 40)).min(1).max(500),
        last: z.array(text('last name', 40)).min(1).max(500),
        emailDomain: z.string().regex(/^[a-z0-9.-]{3,60}$/, 'emailDomain must be a domain name such as example.sn'),
      })
      .strict()
      .optional(),
    mapAttribution: text('mapAttribution', 300).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.regions.length === 0) return; // already refused, nothing more to say about regions
    const seen = (key: 'name' | 'code') => {
      const names = new Set<string>();
      p.regions.forEach((r, i) => {
        if (names.has(r[key])) ctx.addIssue({ code: 'custom', path: ['regions', i, key], message: `duplicate region ${key} "${r[key]}"` });
        names.add(r[key]);
      });
    };
    seen('name');
    seen('code');
    if (!(p.regions.reduce((a, r) => a + r.weight, 0) > 0))
      ctx.addIssue({ code: 'custom', path: ['regions'], message: 'region weights must not all be 0' });
    p.regions.forEach((r, i) => {
      if (!(r.towns.reduce((a, t) => a + t.weight, 0) > 0))
        ctx.addIssue({ code: 'custom', path: ['regions', i, 'towns'], message: 'town weights must not all be 0' });
    });
    const base = BASES[p.base]!;
    const nationalLength = p.nationalLength ?? base.nationalLength;
    const ops = p.operators;
    if (ops) {
      const ids = new Set<string>();
      ops.forEach((o, i) => {
        if (ids.has(o.id)) ctx.addIssue({ code: 'custom', path: ['operators', i, 'id'], message: `duplicate operator id "${o.id}"` });
        ids.add(o.id);
      });
      const first = ops[0]!;
      const len = first.prefixes[0]!.length;
      first.prefixes.forEach((x, j) => {
        if (x.length !== len)
          ctx.addIssue({
            code: 'custom',
            path: ['operators', 0, 'prefixes', j],
            message: 'the prefixes of the first operator must all have the same length',
          });
      });
      ops.forEach((o, i) =>
        o.prefixes.forEach((x, j) => {
          if (x.length >= nationalLength)
            ctx.addIssue({
              code: 'custom',
              path: ['operators', i, 'prefixes', j],
              message: `a prefix must be shorter than nationalLength (${nationalLength})`,
            });
        }),
      );
      if (!(ops.reduce((a, o) => a + o.marketShare, 0) > 0))
        ctx.addIssue({ code: 'custom', path: ['operators'], message: 'market shares must not all be 0' });
    } else if (p.nationalLength !== undefined && p.nationalLength !== base.nationalLength) {
      ctx.addIssue({
        code: 'custom',
        path: ['operators'],
        message: `nationalLength differs from ${p.base}'s: give the operators and their prefixes too`,
      });
    }
  });

export type CustomProfileInput = z.input<typeof customProfileSchema>;
export type CustomProfile = z.output<typeof customProfileSchema>;

/** The concrete profile of a validated custom profile: the base with the custom parts replaced. */
export function buildCustomProfile(c: CustomProfile): Profile {
  const base = BASES[c.base]!;
  const regions: Region[] = c.regions.map((r) => ({
    name: r.name,
    code: r.code,
    weight: r.weight,
    ruralClass: r.ruralClass,
    towns: r.towns.map((t) => ({ name: t.name, lat: t.lat, lon: t.lon, weight: t.weight, spread: t.spread })),
  }));
  return {
    ...base,
    id: c.id,
    name: c.name,
    country: c.country ?? c.id.replace(/-/g, '_'),
    countryCode: c.countryCode ?? base.countryCode,
    nationalLength: c.nationalLength ?? base.nationalLength,
    currency: c.currency ?? base.currency,
    utcOffsetMinutes: c.utcOffsetMinutes ?? base.utcOffsetMinutes,
    timeZone: c.timeZone ?? base.timeZone,
    regions,
    operators: c.operators ?? base.operators,
    foreign: c.foreign ?? base.foreign,
    tariffs: {
      voicePerSecond: c.tariffs?.voicePerSecond ?? base.tariffs.voicePerSecond,
      smsPerMessage: c.tariffs?.smsPerMessage ?? base.tariffs.smsPerMessage,
    },
    names: c.names ?? base.names,
    mapAttribution: c.mapAttribution,
  };
}
