/**
 * The ready-made queries of Explore, as data. The `gold` ones reproduce the original platform's gold
 * tables (LEGACY-CONTRACT.md: daily global KPIs and per day × hour × cell KPIs of voice, SMS and data, with
 * silver's success rule: a call succeeds iff its reason is NORMAL or USER_TERMINATED); the `beyond` ones
 * answer questions the original never asked. They read only the legacy columns, so they run on both schema
 * presets. Titles and descriptions are translated (i18n `explore.queries[id]`).
 */
import type { ChartSpec } from './chart-shape.ts';

export type QueryGroup = 'gold' | 'beyond';

export interface ReadyQuery {
  id: string;
  group: QueryGroup;
  /** Tables the query reads (it is offered only when they are all loaded). */
  tables: readonly string[];
  sql: string;
  /** The chart to draw (otherwise chosen from the result's shape). */
  chart?: ChartSpec;
}

const VOICE_OK = "termination_reason IN ('NORMAL', 'USER_TERMINATED')";

export const READY_QUERIES: readonly ReadyQuery[] = [
  {
    id: 'voiceDaily',
    group: 'gold',
    tables: ['voice_cdr'],
    sql: `-- gold.voice_daily_kpis: one row per day
SELECT CAST("timestamp" AS DATE) AS call_date,
       count(*) AS total_calls,
       count(*) FILTER (WHERE ${VOICE_OK}) AS successful_calls,
       count(*) FILTER (WHERE NOT ${VOICE_OK}) AS failed_calls,
       round(sum(duration_seconds) / 60.0, 1) AS total_minutes,
       round(avg(duration_seconds) FILTER (WHERE ${VOICE_OK}), 1) AS avg_duration_seconds,
       sum(charging_amount) AS total_revenue,
       count(DISTINCT caller_msisdn) AS distinct_callers,
       count(DISTINCT callee_msisdn) AS distinct_callees
FROM voice_cdr
GROUP BY ALL
ORDER BY call_date`,
    chart: { kind: 'line', x: ['call_date'], y: 'total_calls' },
  },
  {
    id: 'voiceHourlyCell',
    group: 'gold',
    tables: ['voice_cdr'],
    sql: `-- gold.voice_hourly_cell_kpis: one row per day × hour × cell
SELECT CAST("timestamp" AS DATE) AS call_date,
       hour("timestamp") AS call_hour,
       cell_id,
       region,
       count(*) AS total_calls,
       count(*) FILTER (WHERE ${VOICE_OK}) AS successful_calls,
       count(*) FILTER (WHERE NOT ${VOICE_OK}) AS failed_calls,
       round(sum(duration_seconds) / 60.0, 1) AS total_minutes,
       sum(charging_amount) AS total_revenue
FROM voice_cdr
GROUP BY ALL
ORDER BY call_date, call_hour, cell_id`,
    chart: { kind: 'line', x: ['call_date', 'call_hour'], y: 'total_calls' },
  },
  {
    id: 'smsDaily',
    group: 'gold',
    tables: ['sms_cdr'],
    sql: `-- gold.sms_daily_kpis: one row per day
SELECT CAST("timestamp" AS DATE) AS sms_date,
       count(*) AS total_sms,
       count(*) FILTER (WHERE delivery_status = 'DELIVERED') AS delivered_sms,
       count(*) FILTER (WHERE delivery_status = 'FAILED') AS failed_sms,
       count(*) FILTER (WHERE delivery_status = 'PENDING') AS pending_sms,
       round(avg(message_length), 1) AS avg_message_length,
       sum(charging_amount) AS total_revenue,
       count(DISTINCT sender_msisdn) AS distinct_senders,
       count(DISTINCT receiver_msisdn) AS distinct_receivers
FROM sms_cdr
GROUP BY ALL
ORDER BY sms_date`,
    chart: { kind: 'line', x: ['sms_date'], y: 'total_sms' },
  },
  {
    id: 'smsHourlyCell',
    group: 'gold',
    tables: ['sms_cdr'],
    sql: `-- gold.sms_hourly_cell_kpis: one row per day × hour × cell
SELECT CAST("timestamp" AS DATE) AS sms_date,
       hour("timestamp") AS sms_hour,
       cell_id,
       region,
       count(*) AS total_sms,
       count(*) FILTER (WHERE delivery_status = 'DELIVERED') AS delivered_sms,
       count(*) FILTER (WHERE delivery_status = 'FAILED') AS failed_sms,
       sum(charging_amount) AS total_revenue
FROM sms_cdr
GROUP BY ALL
ORDER BY sms_date, sms_hour, cell_id`,
    chart: { kind: 'line', x: ['sms_date', 'sms_hour'], y: 'total_sms' },
  },
  {
    id: 'dataDaily',
    group: 'gold',
    tables: ['data_cdr'],
    sql: `-- gold.data_daily_kpis: one row per day
SELECT CAST("timestamp" AS DATE) AS session_date,
       count(*) AS total_sessions,
       round(sum(session_duration_seconds) / 3600.0, 1) AS total_hours,
       sum(bytes_uploaded) AS bytes_uploaded,
       sum(bytes_downloaded) AS bytes_downloaded,
       round((sum(bytes_uploaded) + sum(bytes_downloaded)) / 1e9, 3) AS total_gb,
       sum(charging_amount) AS total_revenue,
       count(DISTINCT msisdn) AS distinct_users
FROM data_cdr
GROUP BY ALL
ORDER BY session_date`,
    chart: { kind: 'line', x: ['session_date'], y: 'total_gb' },
  },
  {
    id: 'dataHourlyCell',
    group: 'gold',
    tables: ['data_cdr'],
    sql: `-- gold.data_hourly_cell_kpis: one row per day × hour × cell
SELECT CAST("timestamp" AS DATE) AS session_date,
       hour("timestamp") AS session_hour,
       cell_id,
       region,
       count(*) AS total_sessions,
       sum(bytes_uploaded) AS bytes_uploaded,
       sum(bytes_downloaded) AS bytes_downloaded,
       round((sum(bytes_uploaded) + sum(bytes_downloaded)) / 1e9, 3) AS total_gb,
       sum(charging_amount) AS total_revenue
FROM data_cdr
GROUP BY ALL
ORDER BY session_date, session_hour, cell_id`,
    chart: { kind: 'line', x: ['session_date', 'session_hour'], y: 'total_gb' },
  },
  {
    id: 'regionTraffic',
    group: 'beyond',
    tables: ['voice_cdr', 'sms_cdr', 'data_cdr'],
    sql: `-- Traffic and revenue per region, all services
WITH v AS (SELECT region, count(*) AS calls, sum(duration_seconds) / 60.0 AS minutes, sum(charging_amount) AS revenue FROM voice_cdr GROUP BY ALL),
     s AS (SELECT region, count(*) AS sms, sum(charging_amount) AS revenue FROM sms_cdr GROUP BY ALL),
     d AS (SELECT region, count(*) AS sessions, (sum(bytes_uploaded) + sum(bytes_downloaded)) / 1e9 AS gb, sum(charging_amount) AS revenue FROM data_cdr GROUP BY ALL)
SELECT region,
       coalesce(v.calls, 0) AS voice_calls,
       round(coalesce(v.minutes, 0), 1) AS voice_minutes,
       coalesce(s.sms, 0) AS sms,
       coalesce(d.sessions, 0) AS data_sessions,
       round(coalesce(d.gb, 0), 3) AS data_gb,
       coalesce(v.revenue, 0) + coalesce(s.revenue, 0) + coalesce(d.revenue, 0) AS total_revenue
FROM v FULL JOIN s USING (region) FULL JOIN d USING (region)
ORDER BY total_revenue DESC`,
    chart: { kind: 'bar', x: ['region'], y: 'total_revenue' },
  },
  {
    id: 'busyHour',
    group: 'beyond',
    tables: ['voice_cdr'],
    sql: `-- Busy hour per region: the hour of the day with the most calls (all days together)
SELECT region,
       hour("timestamp") AS busy_hour,
       count(*) AS calls_in_busy_hour,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY region), 1) AS share_of_day_pct
FROM voice_cdr
GROUP BY region, busy_hour
QUALIFY row_number() OVER (PARTITION BY region ORDER BY count(*) DESC, busy_hour) = 1
ORDER BY calls_in_busy_hour DESC`,
    chart: { kind: 'bar', x: ['region'], y: 'calls_in_busy_hour' },
  },
  {
    id: 'topTalkers',
    group: 'beyond',
    tables: ['voice_cdr'],
    sql: `-- Top talkers: the 20 subscribers with the most outgoing minutes
SELECT caller_msisdn AS msisdn,
       count(*) AS calls,
       round(sum(duration_seconds) / 60.0, 1) AS minutes,
       count(DISTINCT callee_msisdn) AS distinct_callees,
       sum(charging_amount) AS spend
FROM voice_cdr
WHERE call_type = 'MOC'
GROUP BY ALL
ORDER BY minutes DESC, msisdn
LIMIT 20`,
    chart: { kind: 'bar', x: ['msisdn'], y: 'minutes' },
  },
  {
    id: 'onNetRevenue',
    group: 'beyond',
    tables: ['voice_cdr', 'subscribers'],
    sql: `-- On-net vs off-net: outgoing calls to our own subscribers or to other networks
SELECT CASE WHEN s.msisdn IS NULL THEN 'off-net' ELSE 'on-net' END AS destination,
       count(*) AS calls,
       round(sum(v.duration_seconds) / 60.0, 1) AS minutes,
       sum(v.charging_amount) AS revenue,
       round(100.0 * sum(v.charging_amount) / sum(sum(v.charging_amount)) OVER (), 1) AS revenue_share_pct
FROM voice_cdr v
LEFT JOIN (SELECT DISTINCT msisdn FROM subscribers) s ON s.msisdn = v.callee_msisdn
WHERE v.call_type = 'MOC'
GROUP BY ALL
ORDER BY revenue DESC`,
    chart: { kind: 'bar', x: ['destination'], y: 'revenue' },
  },
  {
    id: 'fraudCandidates',
    group: 'beyond',
    tables: ['voice_cdr'],
    sql: `-- Fraud candidates (SIM-box signature): many calls a day to distinct numbers, almost none received, few cells
WITH moc AS (
  SELECT caller_msisdn AS msisdn,
         count(*) AS calls,
         count(DISTINCT callee_msisdn) AS distinct_callees,
         count(DISTINCT cell_id) AS cells,
         count(DISTINCT CAST("timestamp" AS DATE)) AS active_days
  FROM voice_cdr WHERE call_type = 'MOC' GROUP BY ALL),
mtc AS (SELECT callee_msisdn AS msisdn, count(*) AS received FROM voice_cdr WHERE call_type = 'MTC' GROUP BY ALL)
SELECT msisdn,
       round(calls / active_days, 1) AS calls_per_day,
       distinct_callees,
       coalesce(received, 0) AS received,
       round(coalesce(received, 0) / calls, 3) AS mt_mo_ratio,
       cells,
       CASE WHEN calls / active_days >= 50 AND coalesce(received, 0) < 0.1 * calls AND cells <= 2 THEN 'SIM-box suspect' ELSE '' END AS flag
FROM moc LEFT JOIN mtc USING (msisdn)
ORDER BY calls_per_day * (1 - least(1, coalesce(received, 0) / calls)) DESC, msisdn
LIMIT 25`,
    chart: { kind: 'bar', x: ['msisdn'], y: 'calls_per_day' },
  },
];

/** The ready query with this id. */
export const readyQuery = (id: string): ReadyQuery | undefined => READY_QUERIES.find((q) => q.id === id);

/** The ready queries that can run on the loaded tables. */
export const availableQueries = (tables: Iterable<string>): ReadyQuery[] => {
  const have = new Set(tables);
  return READY_QUERIES.filter((q) => q.tables.every((t) => have.has(t)));
};
