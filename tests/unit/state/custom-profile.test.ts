/** Imported custom profiles in the page's state: parse with field-named errors, select, share and restore. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseScenario, resolveModel } from '../../../src/core/index.ts';
import {
  lookupProfile,
  parseCustomProfile,
  profileIds,
  profileTemplate,
  registerCustomProfile,
  useCustomProfiles,
} from '../../../src/state/profiles.ts';
import { readJsonText, sharePayload } from '../../../src/state/scenario-doc.ts';
import { checkForm, DEFAULT_FORM } from '../../../src/state/scenario-form.ts';

const TEXT = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'senegal-profile.json'), 'utf8');

beforeEach(() => useCustomProfiles.setState({ byId: {} }));

describe('custom profiles in the page', () => {
  it('parses a profile file, or names the first bad field', () => {
    const ok = parseCustomProfile(TEXT);
    expect(ok.ok && ok.value.id).toBe('senegal-demo');
    const bad = parseCustomProfile(TEXT.replace('"code": "THI"', '"code": "Thies"'));
    expect(bad).toEqual({ ok: false, issues: [{ path: 'regions.1.code', message: 'region code must be 3 capital letters (A–Z)' }] });
    expect(parseCustomProfile('{ nope')).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });

  it('a form on an imported profile validates, shares the whole profile and restores it on another page', () => {
    const parsed = parseCustomProfile(TEXT);
    if (!parsed.ok) throw new Error('fixture invalid');
    registerCustomProfile(parsed.value);
    expect(profileIds()).toEqual(['mali-omea', 'guinea', 'senegal-demo']);
    const values = { ...DEFAULT_FORM, profile: 'senegal-demo', subscribers: '5000', days: '1' };
    const c = checkForm(values);
    expect(c.errors).toEqual({});
    expect(typeof c.scenario!.profile).toBe('object');
    expect(c.profile.regions.map((r) => r.name)).toEqual(['Dakar', 'Thiès', 'Tambacounda']);
    const payload = JSON.stringify(sharePayload(values));
    // Another page: nothing registered; the link carries the profile.
    useCustomProfiles.setState({ byId: {} });
    expect(lookupProfile('senegal-demo')).toBeUndefined();
    const r = readJsonText(payload);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values.profile).toBe('senegal-demo');
    expect(lookupProfile('senegal-demo')?.currency).toBe('XOF');
    expect(checkForm(r.values).scenario).toEqual(c.scenario);
  });

  it('the template of a built-in profile is a valid custom profile of the same geography', () => {
    const t = parseCustomProfile(profileTemplate('guinea'));
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const m = resolveModel(parseScenario({ profile: t.value }));
    expect(m.profile.regions.map((r) => r.name)).toEqual(
      resolveModel(parseScenario({ profile: 'guinea' })).profile.regions.map((r) => r.name),
    );
    expect(m.profile.countryCode).toBe('224');
  });
});
