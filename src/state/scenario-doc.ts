/**
 * The scenario as a document: the shareable link (`#s=` + base64url of a compact JSON), the exported /
 * imported JSON file, and the copy remembered in localStorage. Everything read from outside is untrusted:
 * size-capped, parsed defensively, validated by the engine's schema and by the form's own limits.
 */
import { parseScenario, ScenarioError, type Scenario } from '../core/index.ts';
import {
  checkForm,
  COMPRESSIONS,
  DEFAULT_OUTPUT,
  DEFAULT_WAREHOUSE,
  formFromScenario,
  OUTPUT_FORMATS,
  PARTITION_KEYS,
  scenarioInputOf,
  type FieldError,
  type FieldName,
  type FormValues,
  type OutputOptions,
  type PartitionKey,
} from './scenario-form.ts';

/** Version of the link / stored payload. */
export const DOC_VERSION = 1;
/** Longest hash or JSON document accepted (bytes of text). */
export const MAX_DOC_CHARS = 64_000;
export const HASH_KEY = 's';

/** Why a document was refused: a message key of `docErrors` and an optional detail (engine text, field). */
export interface DocError {
  key: 'tooLong' | 'encoding' | 'json' | 'notObject' | 'scenario' | 'output' | 'field';
  detail?: string;
  field?: { name: FieldName; error: FieldError };
}

/** A read document: the form, and whether the document carried output options (a bare scenario does not). */
export type DocResult = { ok: true; values: FormValues; hasOutput: boolean } | { ok: false; error: DocError };

/** The payload of a link: the compact scenario (only what differs from the defaults) and the output options. */
export interface SharePayload {
  v: number;
  scenario: unknown;
  output?: unknown;
}

const utf8Encoder = new TextEncoder();

/** base64url (RFC 4648 §5, no padding) of UTF-8 text. */
export function toBase64Url(text: string): string {
  const bytes = utf8Encoder.encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** UTF-8 text of base64url; throws on anything that is not strict base64url of valid UTF-8. */
export function fromBase64Url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new Error('not base64url');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The link payload of a form. */
export function sharePayload(values: FormValues): SharePayload {
  const o = values.output;
  const output: Partial<OutputOptions> = {};
  if (o.format !== DEFAULT_OUTPUT.format) output.format = o.format;
  if (o.compression !== DEFAULT_OUTPUT.compression) output.compression = o.compression;
  if (o.partitionBy.length) output.partitionBy = [...o.partitionBy];
  if (o.warehouse !== undefined && o.warehouse !== DEFAULT_WAREHOUSE) output.warehouse = o.warehouse;
  return { v: DOC_VERSION, scenario: scenarioInputOf(values), ...(Object.keys(output).length ? { output } : {}) };
}

/** `#s=<base64url>` of a form. */
export function shareHash(values: FormValues): string {
  return `#${HASH_KEY}=${toBase64Url(JSON.stringify(sharePayload(values)))}`;
}

/** A full link to the page (current location without its hash) holding the form. */
export function shareUrl(values: FormValues, location: { origin: string; pathname: string; search: string }): string {
  return `${location.origin}${location.pathname}${location.search}${shareHash(values)}`;
}

/** The scenario JSON file of a form: the full validated scenario (defaults filled in), CLI `--config` ready. */
export function scenarioJson(scenario: Scenario): string {
  return JSON.stringify(scenario, null, 2) + '\n';
}

/** Longest warehouse URI a document may carry. */
const MAX_WAREHOUSE_CHARS = 500;

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates output options from a document. */
export function parseOutput(x: unknown): OutputOptions | DocError {
  if (x === undefined) return { ...DEFAULT_OUTPUT, partitionBy: [] };
  if (!isPlainObject(x)) return { key: 'output', detail: 'output must be an object' };
  const known = ['format', 'compression', 'partitionBy', 'warehouse'];
  const unknown = Object.keys(x).find((k) => !known.includes(k));
  if (unknown) return { key: 'output', detail: `unknown output option ${JSON.stringify(unknown.slice(0, 40))}` };
  const format = x.format ?? DEFAULT_OUTPUT.format;
  const compression = x.compression ?? DEFAULT_OUTPUT.compression;
  const partitionBy = x.partitionBy ?? [];
  if (typeof format !== 'string' || !(OUTPUT_FORMATS as readonly string[]).includes(format))
    return { key: 'output', detail: `format must be one of ${OUTPUT_FORMATS.join(', ')}` };
  if (typeof compression !== 'string' || !(COMPRESSIONS as readonly string[]).includes(compression)) {
    return { key: 'output', detail: `compression must be one of ${COMPRESSIONS.join(', ')}` };
  }
  if (!Array.isArray(partitionBy) || partitionBy.length > PARTITION_KEYS.length)
    return { key: 'output', detail: 'partitionBy must be a list of keys' };
  const keys: PartitionKey[] = [];
  for (const k of partitionBy) {
    if (typeof k !== 'string' || !(PARTITION_KEYS as readonly string[]).includes(k) || keys.includes(k as PartitionKey)) {
      return { key: 'output', detail: `partitionBy keys must be distinct values of ${PARTITION_KEYS.join(', ')}` };
    }
    keys.push(k as PartitionKey);
  }
  const warehouse = x.warehouse;
  if (warehouse !== undefined && (typeof warehouse !== 'string' || warehouse.length > MAX_WAREHOUSE_CHARS))
    return { key: 'output', detail: `warehouse must be a text of at most ${MAX_WAREHOUSE_CHARS} characters` };
  return {
    format: format as OutputOptions['format'],
    compression: compression as OutputOptions['compression'],
    partitionBy: keys,
    ...(warehouse !== undefined ? { warehouse } : {}),
  };
}

const isDocError = (x: OutputOptions | DocError): x is DocError => 'key' in x;

/**
 * Reads a scenario document (parsed JSON): a bare scenario (the exported file / CLI config) or a link
 * payload `{ v, scenario, output }`; then checks it against the page's limits.
 */
export function readDocument(doc: unknown): DocResult {
  if (!isPlainObject(doc)) return { ok: false, error: { key: 'notObject' } };
  let scenarioDoc: unknown = doc;
  let outputDoc: unknown;
  if ('scenario' in doc) {
    const extra = Object.keys(doc).find((k) => !['v', 'scenario', 'output'].includes(k));
    if (extra) return { ok: false, error: { key: 'scenario', detail: `unknown key ${JSON.stringify(extra.slice(0, 40))}` } };
    if (doc.v !== undefined && doc.v !== DOC_VERSION)
      return { ok: false, error: { key: 'scenario', detail: `unsupported version ${String(doc.v).slice(0, 20)}` } };
    scenarioDoc = doc.scenario;
    outputDoc = doc.output;
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(scenarioDoc);
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, error: { key: 'scenario', detail: e.message.slice(0, 300) } };
    return { ok: false, error: { key: 'scenario', detail: 'not a scenario' } };
  }
  const output = parseOutput(outputDoc);
  if (isDocError(output)) return { ok: false, error: output };
  const values = formFromScenario(scenario, output);
  const check = checkForm(values);
  const first = Object.entries(check.errors)[0] as [FieldName, FieldError] | undefined;
  if (first) return { ok: false, error: { key: 'field', field: { name: first[0], error: first[1] } } };
  return { ok: true, values, hasOutput: outputDoc !== undefined };
}

/** Parses JSON text (size-capped) and reads it as a scenario document. */
export function readJsonText(text: string): DocResult {
  if (text.length > MAX_DOC_CHARS) return { ok: false, error: { key: 'tooLong' } };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { key: 'json', detail: e instanceof Error ? e.message.slice(0, 200) : undefined } };
  }
  return readDocument(doc);
}

/**
 * Reads the page hash. `null` when the hash holds no scenario (empty or another key), otherwise the
 * form or why it was refused.
 */
export function readHash(hash: string): DocResult | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return null;
  if (h.length > MAX_DOC_CHARS) return { ok: false, error: { key: 'tooLong' } };
  let value: string | null;
  try {
    value = new URLSearchParams(h).get(HASH_KEY);
  } catch {
    return { ok: false, error: { key: 'encoding' } };
  }
  if (value === null) return null;
  let text: string;
  try {
    text = fromBase64Url(value);
  } catch {
    return { ok: false, error: { key: 'encoding' } };
  }
  return readJsonText(text);
}

const STORAGE_KEY = 'cdr-studio.scenario.v1';

/** Remembers the form (as a link payload) in localStorage; quota or privacy errors are ignored. */
export function rememberForm(values: FormValues, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(sharePayload(values)));
  } catch {
    /* storage full or disabled: nothing to remember */
  }
}

/** The remembered form, if any and still valid (an invalid copy is dropped). */
export function recallForm(storage: Storage | undefined = globalThis.localStorage): FormValues | null {
  let text: string | null;
  try {
    text = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
  if (!text) return null;
  const r = readJsonText(text);
  if (r.ok) return r.values;
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
  return null;
}

/** Forgets the remembered form. */
export function forgetForm(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
}
