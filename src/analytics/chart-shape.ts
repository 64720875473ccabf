/**
 * The chart of a query result, chosen from its shape: a time column (a date, a timestamp, or an hour of
 * the day) with a measure → a line over time; a category with a measure → bars. Pure functions over
 * column descriptions and a cell reader, so they are unit-tested without DuckDB.
 */

/** What a result column holds, for charts, formatting and CSV. */
export type ColumnKind = 'number' | 'date' | 'timestamp' | 'text';

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
  /** DuckDB / Arrow type name, shown in the table header. */
  type: string;
}

/** A chart: x is one column (or a date column then an hour column), y a numeric column. */
export interface ChartSpec {
  kind: 'line' | 'bar';
  x: string[];
  y: string;
}

/** One point of a chart (x is epoch ms for dates, the hour for hours, the position for categories). */
export interface ChartPoint {
  x: number;
  label: string;
  value: number;
}

/** Most bars drawn (the first categories of the result, in its order). */
export const MAX_BARS = 20;
/** Most points of a line: beyond, consecutive points are summed in groups (e.g. per-second timestamps). */
export const MAX_LINE_POINTS = 1000;

const HOUR_NAME = /(^|_)hour$|^hour(_|$)|^hh$/i;
const ID_NAME = /(^|_)id$/i;

/** True for a numeric column that holds an hour of the day (by its name: call_hour, hour, …). */
export const isHourColumn = (c: ResultColumn): boolean => c.kind === 'number' && HOUR_NAME.test(c.name);

/**
 * The chart for a result's columns, or null when none fits (no row, no measure). Time first: a date or
 * timestamp column (and an hour column beside a date) with the first other numeric column → line; else the
 * first text column with the first numeric column → bars.
 */
export function chooseChart(columns: readonly ResultColumn[], rowCount: number): ChartSpec | null {
  if (rowCount === 0) return null;
  const time = columns.find((c) => c.kind === 'date' || c.kind === 'timestamp');
  const hour = columns.find(isHourColumn);
  const x: string[] = [];
  if (time) x.push(time.name);
  if (hour && (!time || time.kind === 'date')) x.push(hour.name);
  const measure = columns.find((c) => c.kind === 'number' && !x.includes(c.name) && !isHourColumn(c) && !ID_NAME.test(c.name));
  if (!measure) return null;
  if (x.length) return { kind: 'line', x, y: measure.name };
  const category = columns.find((c) => c.kind === 'text');
  return category ? { kind: 'bar', x: [category.name], y: measure.name } : null;
}

/** A spec applies to columns when they exist with fitting kinds. */
export function specFits(spec: ChartSpec, columns: readonly ResultColumn[]): boolean {
  const y = columns.find((c) => c.name === spec.y);
  return Boolean(y && y.kind === 'number' && spec.x.length && spec.x.every((n) => columns.some((c) => c.name === n)));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** YYYY-MM-DD of epoch ms (UTC: DuckDB's naive dates and timestamps arrive as UTC ms). */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** YYYY-MM-DD HH:MM:SS of epoch ms (UTC). */
export const isoTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The points of a chart: values of y summed per x (rows of other columns — e.g. cells — added up), lines
 * sorted by time, bars in the result's order (the first MAX_BARS categories).
 */
export function chartPoints(
  spec: ChartSpec,
  columns: readonly ResultColumn[],
  rowCount: number,
  cell: (row: number, col: number) => unknown,
): ChartPoint[] {
  const idx = (name: string) => columns.findIndex((c) => c.name === name);
  const yi = idx(spec.y);
  const xs = spec.x.map(idx);
  if (yi < 0 || xs.some((i) => i < 0)) return [];
  const sums = new Map<string, ChartPoint>();
  for (let r = 0; r < rowCount; r++) {
    const y = cell(r, yi);
    const v = y === null || y === undefined ? NaN : Number(y);
    if (!Number.isFinite(v)) continue;
    let x = 0;
    const parts: string[] = [];
    let ok = true;
    for (const i of xs) {
      const raw = cell(r, i);
      const c = columns[i]!;
      if (raw === null || raw === undefined) {
        ok = spec.kind === 'bar';
        parts.push('∅');
        continue;
      }
      if (spec.kind === 'bar') {
        parts.push(c.kind === 'date' ? isoDay(Number(raw)) : c.kind === 'timestamp' ? isoTime(Number(raw)) : String(raw));
      } else if (c.kind === 'date' || c.kind === 'timestamp') {
        x += Number(raw);
        parts.push(c.kind === 'date' ? isoDay(Number(raw)) : isoTime(Number(raw)));
      } else {
        const h = Number(raw);
        x += xs.length > 1 ? h * 3_600_000 : h;
        parts.push(`${pad(h)}h`);
      }
    }
    if (!ok) continue;
    const label = parts.join(' ');
    const key = spec.kind === 'bar' ? label : String(x);
    const p = sums.get(key);
    if (p) p.value += v;
    else {
      if (spec.kind === 'bar' && sums.size >= MAX_BARS) continue;
      sums.set(key, { x: spec.kind === 'bar' ? sums.size : x, label, value: v });
    }
  }
  const out = [...sums.values()];
  if (spec.kind === 'bar') return out;
  out.sort((a, b) => a.x - b.x);
  if (out.length <= MAX_LINE_POINTS) return out;
  const k = Math.ceil(out.length / MAX_LINE_POINTS);
  const merged: ChartPoint[] = [];
  for (let i = 0; i < out.length; i += k) {
    const group = out.slice(i, i + k);
    merged.push({ x: group[0]!.x, label: group[0]!.label, value: group.reduce((a, p) => a + p.value, 0) });
  }
  return merged;
}
