/** Pieces of the result view: downloads, category bars, busiest cells, sample rows, files. */
import { useState } from 'react';
import type { ServiceType } from '../../core/index.ts';
import { DEFAULT_WAREHOUSE, FILE_FORMATS } from '../../state/scenario-form.ts';
import { downloadManifest, downloadTable, downloadZip } from '../../state/run.ts';
import { useStudio, type RunResult } from '../../state/studio.ts';
import type { TopCell } from '../charts/data/result-stats.ts';
import type { SampleTable } from '../../workers/api.ts';
import { buttonClass } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { DownloadIcon, FileIcon, SpinnerIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { SERVICE_LOOKS } from '../services.tsx';
import { TabList, TabPanel, useTabsId } from '../Tabs.tsx';

export function DownloadsCard({ r }: { r: RunResult }) {
  const m = useT();
  const f = useFormat();
  const types = SERVICE_LOOKS.map((l) => l.type).filter((t) => r.rows[t] > 0);
  const [table, setTable] = useState<ServiceType>(types[0] ?? 'voice');
  const preparing = useStudio((s) => s.preparing);
  const tabs = useTabsId();
  return (
    <section aria-labelledby="downloads-title" className="rounded-xl border border-slate-200 bg-white">
      <h3 id="downloads-title" className="px-4 pt-3 text-sm font-semibold text-slate-800">
        {m.result.downloads}
      </h3>
      <div className="grid gap-4 p-4 lg:grid-cols-2">
        <div className="rounded-lg bg-orange-50/70 p-4 ring-1 ring-orange-100">
          <p className="text-xs font-semibold tracking-wide text-orange-900 uppercase">{m.result.dataset}</p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-orange-950/80">
            <dt className="font-medium">{m.result.formatLabel}</dt>
            <dd>
              {m.config.formats[r.output.format]}
              {r.output.format === 'parquet' || r.output.format === 'iceberg' ? ` · ${r.output.compression}` : ''} ·{' '}
              {m.config.schemas[r.scenario.schema].split(':')[0]}
            </dd>
            <dt className="font-medium">{m.result.layoutLabel}</dt>
            <dd>
              {r.iceberg
                ? r.output.warehouse?.trim() || DEFAULT_WAREHOUSE
                : r.output.partitionBy.length
                  ? m.result.layoutHive(r.output.partitionBy.map((k) => m.config.partitionKeys[k]).join(' / '))
                  : m.result.layoutLegacy}
            </dd>
            <dt className="font-medium">{m.result.filesLabel}</dt>
            <dd>{r.iceberg ? m.result.icebergFiles(r.iceberg.files) : m.result.filesValue(r.files.length)}</dd>
            <dt className="font-medium">{m.result.zipLabel}</dt>
            <dd className="tabular-nums">{r.zipBytes === null ? m.result.packing : f.bytes(r.zipBytes)}</dd>
          </dl>
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => void downloadZip()}
              className={buttonClass.primary}
              aria-busy={r.zipBytes === null || undefined}
            >
              {r.zipBytes === null ? <SpinnerIcon className="size-4" /> : <DownloadIcon className="size-4" />}
              {m.result.downloadZip}
            </button>
            <button type="button" onClick={downloadManifest} className={buttonClass.secondary}>
              <FileIcon className="size-4" />
              {m.result.downloadManifest}
            </button>
          </div>
          {r.iceberg && (
            <div className="mt-3" data-testid="register-sql">
              <p className="text-xs font-semibold text-orange-950">{m.result.registerSql}</p>
              <p className="mt-0.5 text-xs text-orange-950/70">{m.result.registerSqlHint}</p>
              <pre className="mt-1.5 max-h-64 overflow-auto rounded-md bg-slate-900 p-2 font-mono text-[11px] leading-4 text-slate-100">
                {r.iceberg.registerSql}
              </pre>
            </div>
          )}
        </div>
        <div className="rounded-lg p-4 ring-1 ring-slate-200">
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{m.result.singleFiles}</p>
          <p className="mt-1 text-xs leading-5 text-slate-500">{m.result.singleFilesHint}</p>
          <fieldset className="mt-3">
            <legend className="sr-only">{m.result.table}</legend>
            <div className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
              {types.map((t) => (
                <label
                  key={t}
                  className={`relative flex-1 cursor-pointer rounded-md px-2 py-1 text-center text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-orange-400 ${
                    t === table ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600'
                  }`}
                >
                  <input
                    type="radio"
                    name={`${tabs}-table`}
                    className="absolute inset-0 cursor-pointer opacity-0"
                    checked={t === table}
                    onChange={() => setTable(t)}
                  />
                  {m.services[t]} <span className="font-mono text-[10px] text-slate-600">{t}_cdr</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="mt-3 grid grid-cols-2 gap-2">
            {FILE_FORMATS.map((fmt) => {
              const busy = !!preparing[`${table}:${fmt}`];
              const label = m.result.download(fmt === 'arrow' ? 'Arrow' : m.config.formats[fmt]);
              return (
                <button
                  key={fmt}
                  type="button"
                  className={buttonClass.secondary}
                  onClick={() => void downloadTable(table, fmt)}
                  aria-busy={busy || undefined}
                >
                  {busy ? <SpinnerIcon className="size-4" /> : <DownloadIcon className="size-4" />}
                  {label}
                </button>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

export function CategoryBars({
  title,
  rows,
  color,
  testId,
}: {
  title: string;
  rows: { label: string; count: number; share: number }[];
  color: string;
  testId: string;
}) {
  const f = useFormat();
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId} aria-label={title}>
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <ul className="mt-3 space-y-2">
        {rows.map((r) => (
          <li key={r.label} className="text-xs">
            <div className="flex justify-between gap-2">
              <span className="font-mono text-slate-700">{r.label}</span>
              <span className="text-slate-500 tabular-nums">
                {f.int(r.count)} · {f.pct(r.share)}
              </span>
            </div>
            <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
              <div className="h-full rounded-full" style={{ width: `${r.share * 100}%`, backgroundColor: color }} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TopCellsTable({ cells }: { cells: TopCell[] }) {
  const m = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="top-cells-title" className="rounded-xl border border-slate-200 bg-white" data-testid="top-cells">
      <h3 id="top-cells-title" className="px-4 pt-3 text-sm font-semibold text-slate-800">
        {m.result.topCells}
      </h3>
      <div className="mt-2 overflow-x-auto" tabIndex={0} aria-labelledby="top-cells-title">
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr className="border-b border-slate-100">
              <th scope="col" className="px-4 py-1.5 font-medium">
                #
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                {m.result.cell}
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                {m.result.region}
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                {m.result.town}
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                {m.result.tech}
              </th>
              <th scope="col" className="px-2 py-1.5 text-right font-medium">
                {m.result.count}
              </th>
              <th scope="col" className="px-4 py-1.5 text-right font-medium">
                {m.result.share}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {cells.map((c) => (
              <tr key={c.index}>
                <td className="px-4 py-1.5 text-slate-500 tabular-nums">{c.rank}</td>
                <td className="px-2 py-1.5 font-mono text-xs text-slate-800">{c.id}</td>
                <td className="px-2 py-1.5 text-slate-700">{c.region}</td>
                <td className="px-2 py-1.5 text-slate-600">{c.town}</td>
                <td className="px-2 py-1.5">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{c.tech}</span>
                </td>
                <td className="px-2 py-1.5 text-right text-slate-900 tabular-nums">{f.int(c.rows)}</td>
                <td className="px-4 py-1.5 text-right text-slate-500 tabular-nums">{f.pct(c.share, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SampleRows({ samples }: { samples: SampleTable[] }) {
  const m = useT();
  const [current, setCurrent] = useState(samples[0]?.table ?? '');
  const tabs = useTabsId();
  const sample = samples.find((s) => s.table === current) ?? samples[0];
  if (!sample) return null;
  return (
    <section aria-labelledby="samples-title" className="rounded-xl border border-slate-200 bg-white" data-testid="samples">
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3">
        <div>
          <h3 id="samples-title" className="text-sm font-semibold text-slate-800">
            {m.result.samples}
          </h3>
          <p className="text-xs text-slate-500">{m.result.samplesHint(sample.rows.length)}</p>
        </div>
        <TabList
          size="sm"
          idPrefix={tabs}
          label={m.result.samples}
          value={sample.table}
          onChange={setCurrent}
          items={samples.map((s) => ({ key: s.table, label: s.table }))}
        />
      </div>
      <TabPanel idPrefix={tabs} tabKey={sample.table} className="mt-3">
        <div className="max-h-96 overflow-auto border-t border-slate-100" tabIndex={0} aria-label={`${m.result.samples}: ${sample.table}`}>
          <table className="min-w-full text-xs">
            <thead className="sticky top-0 bg-slate-50 text-left">
              <tr>
                {sample.columns.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-mono font-medium whitespace-nowrap text-slate-600">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono">
              {sample.rows.map((row, i) => (
                <tr key={i} className="hover:bg-orange-50/40">
                  {row.map((v, j) => (
                    <td key={j} className="px-3 py-1.5 whitespace-nowrap text-slate-700">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </TabPanel>
    </section>
  );
}

export function FilesTable({ r }: { r: RunResult }) {
  const m = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="files-title" className="rounded-xl border border-slate-200 bg-white" data-testid="files-table">
      <h3 id="files-title" className="px-4 pt-3 text-sm font-semibold text-slate-800">
        {r.disk?.kind === 'folder' ? m.destination.filesWritten : m.result.files}
      </h3>
      <div className="mt-2 max-h-80 overflow-auto" tabIndex={0} aria-labelledby="files-title">
        <table className="w-full text-sm">
          <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                {m.result.file}
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                {m.result.rows}
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                {m.result.size}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {r.files.map((file) => (
              <tr key={file.path}>
                <td className="px-4 py-1.5">
                  <span className="flex items-center gap-2 font-mono text-xs text-slate-700">
                    <FileIcon className="size-4 shrink-0 text-slate-500" />
                    {file.path}
                  </span>
                </td>
                <td className="px-4 py-1.5 text-right text-slate-700 tabular-nums">{f.int(file.rows)}</td>
                <td className="px-4 py-1.5 text-right text-slate-500 tabular-nums">{f.bytes(file.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="px-4 py-2 text-xs text-slate-500">{m.result.workersNote(r.workers)}</p>
    </section>
  );
}
