/** "Send to S3 / MinIO" of the result: target form, per-file progress, clear failures and the CORS setup. */
import { useEffect, useState } from 'react';
import {
  cancelS3Upload,
  checkS3Form,
  resetS3Upload,
  setS3Values,
  startS3Upload,
  useS3Upload,
  type S3Field,
  type UploadFailure,
  type UploadFile,
} from '../../state/s3-upload.ts';
import type { RunResult } from '../../state/studio.ts';
import { buttonClass, Field, Segmented } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { AlertIcon, CheckCircleIcon, CloseIcon, InfoIcon, SpinnerIcon, UploadIcon } from '../icons.tsx';
import { useT, type Messages } from '../i18n/index.ts';

/** The bucket CORS configuration this page needs (the JSON of aws s3api put-bucket-cors). */
export const corsRule = (origin: string): string =>
  JSON.stringify(
    {
      CORSRules: [
        {
          AllowedOrigins: [origin],
          AllowedMethods: ['PUT', 'POST', 'DELETE', 'GET', 'HEAD'],
          AllowedHeaders: ['*'],
          ExposeHeaders: ['ETag'],
          MaxAgeSeconds: 3000,
        },
      ],
    },
    null,
    2,
  );

export function S3UploadCard({ r }: { r: RunResult }) {
  const m = useT();
  const phase = useS3Upload((s) => s.phase);
  const runKey = useS3Upload((s) => s.runKey);
  const [open, setOpen] = useState(phase !== 'idle');
  // A finished upload of another run is not this run's: back to the form.
  useEffect(() => {
    if (phase !== 'idle' && phase !== 'uploading' && runKey !== r.key) resetS3Upload();
  }, [phase, runKey, r.key]);
  const fileCount = r.iceberg ? r.iceberg.files : r.files.length + 3;
  return (
    <section aria-labelledby="s3-title" className="rounded-xl border border-slate-200 bg-white" data-testid="s3-upload">
      <div className="flex items-center justify-between gap-3 px-4 py-3">
        <div className="flex min-w-0 flex-1 items-start gap-3">
          <span className="mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-lg bg-sky-50 text-sky-700 ring-1 ring-sky-100">
            <UploadIcon className="size-4" />
          </span>
          <div className="min-w-0">
            <h3 id="s3-title" className="text-sm font-semibold text-slate-800">
              {m.s3.title}
            </h3>
            <p className="mt-0.5 text-xs leading-5 text-slate-500">{m.s3.intro}</p>
          </div>
        </div>
        {open ? (
          <button
            type="button"
            className={`${buttonClass.ghost} shrink-0`}
            onClick={() => setOpen(false)}
            disabled={phase === 'uploading'}
            aria-expanded
            aria-controls="s3-panel"
          >
            <CloseIcon className="size-3.5" />
            {m.s3.close}
          </button>
        ) : (
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => setOpen(true)}
            aria-expanded={false}
            aria-controls="s3-panel"
          >
            <UploadIcon className="size-4" />
            {m.s3.open}
          </button>
        )}
      </div>
      {open && (
        <div id="s3-panel" className="border-t border-slate-100 p-4">
          {phase === 'idle' ? <S3Form fileCount={fileCount} zipName={r.zipName} /> : <S3Progress />}
          <CorsHelp />
        </div>
      )}
    </section>
  );
}

function S3Form({ fileCount, zipName }: { fileCount: number; zipName: string }) {
  const m = useT();
  const v = useS3Upload((s) => s.values);
  const [touched, setTouched] = useState(false);
  const errors = checkS3Form(v);
  const shown = (k: S3Field): string | undefined => {
    const e = errors[k];
    // A wrong value shows at once; a missing one only after a first attempt to send.
    if (!e || (e === 'required' && !touched)) return undefined;
    return m.s3.errors[e];
  };
  const submit = () => {
    setTouched(true);
    if (Object.keys(errors).length === 0) void startS3Upload();
  };
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Segmented
        legend={m.s3.mode}
        name="s3-mode"
        columns={2}
        value={v.mode}
        onChange={(mode) => setS3Values({ mode })}
        options={[
          { value: 'credentials', label: m.s3.modeCredentials },
          { value: 'presigned', label: m.s3.modePresigned },
        ]}
      />
      {v.mode === 'credentials' ? (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label={m.s3.endpoint}
              name="s3-endpoint"
              type="url"
              value={v.endpoint}
              placeholder="http://127.0.0.1:9000"
              onChange={(endpoint) => setS3Values({ endpoint })}
              hint={m.s3.endpointHint}
              error={shown('endpoint')}
            />
            <Field
              label={m.s3.region}
              name="s3-region"
              inputMode="text"
              value={v.region}
              onChange={(region) => setS3Values({ region })}
              error={shown('region')}
            />
            <Field
              label={m.s3.bucket}
              name="s3-bucket"
              inputMode="text"
              value={v.bucket}
              placeholder="raw"
              onChange={(bucket) => setS3Values({ bucket })}
              error={shown('bucket')}
            />
            <Field
              label={m.s3.prefix}
              name="s3-prefix"
              inputMode="text"
              value={v.prefix}
              placeholder="cdr/incoming/"
              onChange={(prefix) => setS3Values({ prefix })}
              hint={m.s3.prefixHint}
              error={shown('prefix')}
            />
            <Field
              label={m.s3.accessKey}
              name="s3-access-key"
              inputMode="text"
              value={v.accessKey}
              onChange={(accessKey) => setS3Values({ accessKey })}
              error={shown('accessKey')}
            />
            <Field
              label={m.s3.secret}
              name="s3-secret"
              type="password"
              value={v.secret}
              onChange={(secret) => setS3Values({ secret })}
              hint={m.s3.secretHint}
              error={shown('secret')}
            />
          </div>
          <div className="space-y-2 text-sm text-slate-700">
            <Check label={m.s3.pathStyle} checked={v.pathStyle} onChange={(pathStyle) => setS3Values({ pathStyle })} />
            <Check label={m.s3.remember} checked={v.remember} onChange={(remember) => setS3Values({ remember })} />
          </div>
          <p className="flex gap-2 text-xs leading-5 text-slate-500">
            <InfoIcon className="mt-0.5 size-3.5 shrink-0" />
            {m.s3.tempNote}
          </p>
        </>
      ) : (
        <Field
          label={m.s3.presignedUrl}
          name="s3-presigned-url"
          type="url"
          value={v.presignedUrl}
          placeholder="https://bucket.s3.amazonaws.com/…?X-Amz-Signature=…"
          onChange={(presignedUrl) => setS3Values({ presignedUrl })}
          hint={m.s3.presignedHint(zipName)}
          error={shown('presignedUrl')}
        />
      )}
      <button type="submit" className={buttonClass.primary}>
        <UploadIcon className="size-4" />
        {v.mode === 'credentials' ? m.s3.upload(fileCount) : m.s3.uploadZip}
      </button>
    </form>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex cursor-pointer items-start gap-2">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 rounded border-slate-300 accent-orange-700"
      />
      <span>{label}</span>
    </label>
  );
}

const STATUS_LOOK: Record<UploadFile['status'], string> = {
  waiting: 'bg-slate-100 text-slate-600',
  uploading: 'bg-sky-50 text-sky-800 ring-1 ring-sky-200',
  copying: 'bg-sky-50 text-sky-800 ring-1 ring-sky-200',
  done: 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200',
  failed: 'bg-red-50 text-red-800 ring-1 ring-red-200',
};

function S3Progress() {
  const m = useT();
  const f = useFormat();
  const { phase, files, failure, destination } = useS3Upload();
  const done = files.filter((x) => x.status === 'done');
  const bytes = done.reduce((a, x) => a + x.bytes, 0);
  const total = files.reduce((a, x) => a + x.bytes, 0);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-mono text-xs break-all text-slate-600">{destination ? m.s3.to(destination) : ''}</p>
        <p className="text-xs text-slate-500 tabular-nums" aria-live="polite" data-testid="s3-progress">
          {m.s3.progress(done.length, files.length, `${f.bytes(bytes)} / ${f.bytes(total)}`)}
        </p>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        <div
          className={`h-full rounded-full ${phase === 'failed' ? 'bg-red-500' : 'bg-sky-500'}`}
          style={{ width: `${files.length ? (done.length / files.length) * 100 : 0}%` }}
        />
      </div>
      {phase === 'done' && (
        <p
          className="flex items-center gap-2 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200"
          role="status"
        >
          <CheckCircleIcon className="size-4 shrink-0" />
          {m.s3.done(files.length, destination ?? '')}
        </p>
      )}
      {phase === 'cancelled' && (
        <p className="flex items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status">
          <InfoIcon className="size-4 shrink-0" />
          {m.s3.cancelled}
        </p>
      )}
      {failure && <FailureBox failure={failure} m={m} />}
      <ul
        className="max-h-64 divide-y divide-slate-100 overflow-auto rounded-lg ring-1 ring-slate-200"
        aria-label={m.s3.title}
        data-testid="s3-files"
      >
        {files.map((x) => (
          <li key={x.path} className="flex items-center justify-between gap-3 px-3 py-1.5 text-xs" data-status={x.status}>
            <span className="min-w-0 truncate font-mono text-slate-700" title={x.path}>
              {x.path}
            </span>
            <span className="flex shrink-0 items-center gap-2">
              {x.retries > 0 && <span className="text-amber-700">{m.s3.retries(x.retries)}</span>}
              <span className="text-slate-500 tabular-nums">{f.bytes(x.bytes)}</span>
              <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium ${STATUS_LOOK[x.status]}`}>
                {(x.status === 'uploading' || x.status === 'copying') && <SpinnerIcon className="size-3" />}
                {m.s3.status[x.status]}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        {phase === 'uploading' ? (
          <button type="button" className={buttonClass.secondary} onClick={cancelS3Upload}>
            {m.s3.cancel}
          </button>
        ) : (
          <>
            <button type="button" className={buttonClass.secondary} onClick={() => resetS3Upload()}>
              {m.s3.back}
            </button>
            {phase !== 'done' && (
              <button type="button" className={buttonClass.primary} onClick={() => void startS3Upload()}>
                <UploadIcon className="size-4" />
                {m.s3.again}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function FailureBox({ failure, m }: { failure: UploadFailure; m: Messages }) {
  const text =
    failure.kind === 'network'
      ? m.s3.failedNetwork
      : failure.kind === 'credentials'
        ? `${m.s3.failedHttp(failure.status ?? 0, failure.code ?? '')} ${m.s3.failedCredentials}`
        : failure.kind === 'http'
          ? m.s3.failedHttp(failure.status ?? 0, failure.code ?? '')
          : m.s3.failedOther(failure.detail);
  return (
    <div role="alert" className="flex gap-3 rounded-lg bg-red-50 p-3 ring-1 ring-red-200" data-testid="s3-error">
      <AlertIcon className="mt-0.5 size-4 shrink-0 text-red-600" />
      <div className="min-w-0 text-sm">
        <p className="font-semibold break-all text-red-800">{m.s3.failedTitle(failure.file)}</p>
        <p className="mt-0.5 text-red-700">{text}</p>
        {failure.kind !== 'other' && <p className="mt-1 font-mono text-[11px] break-all text-red-700/80">{failure.detail}</p>}
      </div>
    </div>
  );
}

function CorsHelp() {
  const m = useT();
  const failure = useS3Upload((s) => s.failure);
  const origin = globalThis.location?.origin ?? '';
  return (
    <details className="group mt-4 rounded-lg bg-slate-50 text-xs text-slate-600 ring-1 ring-slate-200" open={failure?.kind === 'network'}>
      <summary className="cursor-pointer px-3 py-2 font-medium text-slate-700 select-none">{m.s3.corsTitle}</summary>
      <div className="space-y-2 px-3 pb-3 leading-5" data-testid="s3-cors-help">
        <p>{m.s3.corsText(origin)}</p>
        <p className="font-medium text-slate-700">{m.s3.corsAws}</p>
        <pre className="overflow-auto rounded-md bg-slate-900 p-2 font-mono text-[11px] leading-4 text-slate-100">{corsRule(origin)}</pre>
        <pre className="overflow-auto rounded-md bg-slate-900 p-2 font-mono text-[11px] leading-4 text-slate-100">
          aws s3api put-bucket-cors --bucket BUCKET --cors-configuration file://cors.json
        </pre>
        <p>{m.s3.corsMinio}</p>
      </div>
    </details>
  );
}
