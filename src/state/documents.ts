/**
 * The scenario as a document, as actions: import / export JSON, the share link, the page hash and the
 * remembered scenario at start-up.
 */
import { saveBlob } from '../lib/save.ts';
import { readHash, readJsonText, recallForm, rememberForm, scenarioJson, shareHash } from './scenario-doc.ts';
import { DEFAULT_FORM } from './scenario-form.ts';
import { docErrorText, notify, setProfile, setValues, setView, useStudio } from './studio.ts';
import { parseCustomProfile, profileTemplate, registerCustomProfile } from './profiles.ts';
import { profileIdOf } from '../core/scenario.ts';

/** Loads a scenario JSON file chosen by the person; an invalid file changes nothing. */
export function importScenarioText(text: string, fileName: string): boolean {
  const r = readJsonText(text);
  if (!r.ok) {
    const error = r.error;
    notify('error', (m) => m.doc.badFile(fileName, docErrorText(m, error)));
    return false;
  }
  // A bare scenario file does not carry output options: keep the current ones.
  setValues(r.hasOutput ? r.values : { ...r.values, output: useStudio.getState().values.output });
  notify('success', (m) => m.doc.imported(fileName));
  return true;
}

/** Downloads the scenario of the form as JSON (the CLI accepts it as `--config`). */
export function exportScenario(): void {
  const { check: c } = useStudio.getState();
  if (!c.scenario) return;
  const name = `scenario_${profileIdOf(c.scenario)}_seed${c.scenario.seed}.json`;
  saveBlob(new Blob([scenarioJson(c.scenario)], { type: 'application/json' }), name);
}

/** Builds the share link, shows it and tries to copy it to the clipboard. */
export async function copyShareLink(): Promise<void> {
  const { values } = useStudio.getState();
  const url = `${location.origin}${location.pathname}${location.search}${shareHash(values)}`;
  useStudio.setState({ shareLink: url });
  try {
    await navigator.clipboard.writeText(url);
    notify('success', (m) => m.doc.linkCopied);
  } catch {
    notify('info', (m) => m.doc.linkReady);
  }
}

/** Reads the page hash at start-up or when it changes; a bad link shows a message and keeps the defaults. */
export function applyHash(hash: string, atStart: boolean): boolean {
  const r = readHash(hash);
  if (r === null) return false;
  if (r.ok) {
    setValues(r.values);
    if (!atStart) notify('info', (m) => m.doc.fromLink);
    return true;
  }
  const error = r.error;
  setValues(DEFAULT_FORM);
  notify('error', (m) => m.doc.badLink(docErrorText(m, error)));
  return true;
}

let persistTimer: ReturnType<typeof setTimeout> | null = null;
let lastHash = '';

/** Starts the page: link, else remembered scenario, else defaults; then keeps the hash and storage in sync. */
export function initStudio(): () => void {
  // `#/stream` opens the streaming tab (a route, not a scenario link).
  if (location.hash === '#/stream') setView('stream');
  // `#/explore` opens Explore (it explains how to get data when there is no run yet).
  if (location.hash === '#/explore') setView('explore');
  const fromHash = applyHash(location.hash, true);
  if (!fromHash) {
    const recalled = recallForm();
    if (recalled) setValues(recalled);
  }
  lastHash = location.hash;
  const unsub = useStudio.subscribe((s, prev) => {
    if (s.values === prev.values) return;
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      const values = useStudio.getState().values;
      rememberForm(values);
      const hash = shareHash(values);
      lastHash = hash;
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }, 250);
  });
  const onHash = () => {
    if (location.hash === lastHash) return;
    lastHash = location.hash;
    applyHash(location.hash, false);
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    unsub();
    window.removeEventListener('hashchange', onHash);
  };
}

/** Loads a custom profile JSON file chosen by the person and selects it; an invalid file changes nothing. */
export function importProfileText(text: string, fileName: string): boolean {
  const r = parseCustomProfile(text);
  if (!r.ok) {
    const first = r.issues[0]!;
    const reason = first.path ? `${first.path}: ${first.message}` : first.message;
    notify('error', (m) => m.doc.badProfile(fileName, reason));
    return false;
  }
  const profile = registerCustomProfile(r.value);
  setProfile(profile.id);
  notify('success', (m) => m.doc.profileImported(profile.name, profile.regions.length));
  return true;
}

/** Downloads the editable parts of a built-in profile as a custom-profile JSON to start from. */
export function downloadProfileTemplate(baseId: string): void {
  saveBlob(new Blob([profileTemplate(baseId)], { type: 'application/json' }), `profile_template_${baseId}.json`);
}
