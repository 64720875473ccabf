/** The result's "where the files went" card of a run written to disk (a folder, or a ZIP file). */
import { downloadManifest } from '../../state/run.ts';
import type { DiskOutcome } from '../../state/disk-output.ts';
import type { RunResult } from '../../state/studio.ts';
import { buttonClass } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { CheckCircleIcon, FileIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';

export function DiskResultCard({ r, disk }: { r: RunResult; disk: DiskOutcome }) {
  const m = useT();
  const f = useFormat();
  return (
    <section
      aria-labelledby="disk-title"
      className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-4"
      data-testid="disk-result"
      data-peak-pending={disk.peakPending}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex gap-2.5">
          <CheckCircleIcon className="mt-0.5 size-5 shrink-0 text-emerald-600" />
          <div>
            <h3 id="disk-title" className="text-sm font-semibold text-emerald-950">
              {m.destination.resultTitle}
            </h3>
            <p className="mt-0.5 text-sm text-emerald-950/90" data-testid="disk-target">
              {disk.kind === 'folder' ? m.destination.resultFolder(disk.name) : m.destination.resultZip(disk.name)}
            </p>
          </div>
        </div>
        <button type="button" onClick={downloadManifest} className={buttonClass.secondary}>
          <FileIcon className="size-4" />
          {m.destination.downloadManifest}
        </button>
      </div>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-emerald-950/80">
        <dt className="font-medium">{m.result.formatLabel}</dt>
        <dd>
          {m.config.formats[r.output.format]}
          {r.output.format === 'parquet' ? ` · ${r.output.compression}` : ''} · {m.config.schemas[r.scenario.schema].split(':')[0]}
        </dd>
        <dt className="font-medium">{m.result.layoutLabel}</dt>
        <dd>
          {r.output.partitionBy.length
            ? m.result.layoutHive(r.output.partitionBy.map((k) => m.config.partitionKeys[k]).join(' / '))
            : m.result.layoutLegacy}
        </dd>
        <dt className="font-medium">{disk.kind === 'folder' ? m.result.filesLabel : m.result.zipLabel}</dt>
        <dd className="tabular-nums" data-testid="disk-size">
          {disk.kind === 'folder'
            ? m.destination.resultFiles(f.int(disk.files), f.bytes(disk.bytes))
            : m.destination.resultZipSize(f.bytes(disk.bytes))}
        </dd>
      </dl>
      <p className="mt-3 text-xs leading-5 text-emerald-950/70">{m.destination.resultNote}</p>
    </section>
  );
}
