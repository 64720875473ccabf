/** The finished run: records per service, the files, and the downloads. */
import { downloadVoiceCsv, downloadZip, resetRun, useStudio } from '../state/studio.ts';
import { formatBytes, formatInt, formatIsoDate, formatRate, formatSeconds } from './format.ts';
import { CheckCircleIcon, DownloadIcon, FileIcon } from './icons.tsx';
import { SERVICE_LOOKS } from './services.tsx';

export function RunResultView() {
  const r = useStudio((s) => s.result);
  if (!r) return null;
  const seconds = r.elapsedMs / 1000;
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-6 py-5">
        <div className="flex gap-3">
          <CheckCircleIcon className="mt-0.5 size-6 shrink-0 text-emerald-600" />
          <div>
            <h3 className="text-lg font-semibold text-slate-900">Dataset ready</h3>
            <p className="mt-0.5 text-sm text-slate-500">
              {r.days} day{r.days > 1 ? 's' : ''} from {formatIsoDate(r.start)} · {formatInt(r.subscribers)} subscribers · seed {r.seed}
            </p>
          </div>
        </div>
        <button type="button" onClick={resetRun} className="text-sm font-medium text-slate-500 hover:text-slate-800">
          New run
        </button>
      </div>

      <div className="px-6 py-5">
        <div className="grid gap-3 sm:grid-cols-4">
          <div className="rounded-xl bg-slate-900 px-4 py-3 text-white">
            <p className="text-xs text-slate-300">Total records</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="total-rows">
              {formatInt(r.totalRows)}
            </p>
            <p className="mt-1 text-xs text-slate-400">
              {formatSeconds(seconds)} · {formatRate(seconds > 0 ? r.totalRows / seconds : 0)}
            </p>
          </div>
          {SERVICE_LOOKS.map(({ type, label, Icon, chip, bar }) => {
            const share = r.totalRows > 0 ? r.rows[type] / r.totalRows : 0;
            return (
              <div key={type} className="rounded-xl border border-slate-200 px-4 py-3" data-testid={`rows-${type}`}>
                <p className="flex items-center gap-2 text-xs text-slate-500">
                  <span className={`inline-flex size-5 items-center justify-center rounded ring-1 ${chip}`}>
                    <Icon className="size-3" />
                  </span>
                  {label}
                </p>
                <p className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{formatInt(r.rows[type])}</p>
                <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                  <div className={`h-full rounded-full ${bar}`} style={{ width: `${share * 100}%` }} />
                </div>
              </div>
            );
          })}
        </div>

        <div className="mt-5 flex flex-wrap gap-3">
          <button
            type="button"
            onClick={downloadZip}
            className="inline-flex items-center gap-2 rounded-lg bg-orange-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-orange-700 focus-visible:ring-4 focus-visible:ring-orange-200 focus-visible:outline-none"
          >
            <DownloadIcon className="size-4" />
            Download ZIP
          </button>
          {r.voiceFileName && (
            <button
              type="button"
              onClick={downloadVoiceCsv}
              className="inline-flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-sm font-semibold text-slate-700 shadow-xs transition hover:bg-slate-50 focus-visible:ring-4 focus-visible:ring-orange-100 focus-visible:outline-none"
            >
              <DownloadIcon className="size-4" />
              Download voice CSV
            </button>
          )}
          <p className="self-center text-xs text-slate-500">
            {r.files.length} files · {formatBytes(r.totalBytes)} uncompressed
          </p>
        </div>

        <div className="mt-6">
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Files in the ZIP</h4>
          <div className="mt-2 max-h-96 overflow-auto rounded-xl border border-slate-200">
            <table className="w-full text-sm">
              <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    File
                  </th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">
                    Rows
                  </th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">
                    Size
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {r.files.map((f) => (
                  <tr key={f.name}>
                    <td className="px-4 py-2">
                      <span className="flex items-center gap-2 font-mono text-xs text-slate-700">
                        <FileIcon className="size-4 shrink-0 text-slate-400" />
                        {f.name}
                      </span>
                    </td>
                    <td className="px-4 py-2 text-right text-slate-700 tabular-nums">{formatInt(f.rows)}</td>
                    <td className="px-4 py-2 text-right text-slate-500 tabular-nums">{formatBytes(f.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-400">
            Generated with {r.workers} worker{r.workers > 1 ? 's' : ''}; the bytes do not depend on the worker count.
          </p>
        </div>
      </div>
    </div>
  );
}
