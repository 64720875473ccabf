/** The scenario as a document: import / export JSON, share link, reset. */
import { useRef, type ChangeEvent } from 'react';
import { advancedCount, MAX_DOC_CHARS_HINT } from './advanced.ts';
import { copyShareLink, exportScenario, importScenarioText } from '../../state/documents.ts';
import { dropAdvanced, notify, resetForm, useStudio } from '../../state/studio.ts';
import { MAX_DOC_CHARS } from '../../state/scenario-doc.ts';
import { buttonClass } from '../Field.tsx';
import { DownloadIcon, LinkIcon, ResetIcon, UploadIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';

export function ScenarioActions() {
  const m = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const valid = useStudio((s) => s.check.scenario !== null);
  const shareLink = useStudio((s) => s.shareLink);
  const advanced = useStudio((s) => advancedCount(s.values.advanced));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > MAX_DOC_CHARS * MAX_DOC_CHARS_HINT) {
      notify('error', (mm) => mm.doc.badFile(file.name, mm.doc.tooLong));
      return;
    }
    importScenarioText(await file.text(), file.name);
  };

  return (
    <div className="border-t border-slate-100 px-5 py-4">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{m.config.scenarioActions}</h3>
      {advanced > 0 && (
        <p className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-xs leading-5 text-amber-900 ring-1 ring-amber-200">
          {m.config.advanced(advanced)}{' '}
          <button type="button" onClick={dropAdvanced} className="font-semibold underline underline-offset-2">
            {m.config.dropAdvanced}
          </button>
        </p>
      )}
      <div className="mt-2.5 grid grid-cols-2 gap-2">
        <button type="button" className={buttonClass.secondary} onClick={() => fileInput.current?.click()}>
          <UploadIcon className="size-4" />
          {m.config.importJson}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="hidden"
          onChange={onFile}
          data-testid="import-file"
          tabIndex={-1}
          aria-hidden
        />
        <button type="button" className={buttonClass.secondary} disabled={!valid} onClick={exportScenario}>
          <DownloadIcon className="size-4" />
          {m.config.exportJson}
        </button>
        <button type="button" className={buttonClass.secondary} onClick={() => void copyShareLink()}>
          <LinkIcon className="size-4" />
          {m.config.copyLink}
        </button>
        <button type="button" className={buttonClass.secondary} onClick={resetForm}>
          <ResetIcon className="size-4" />
          {m.config.resetDefaults}
        </button>
      </div>
      {shareLink && (
        <div className="mt-3">
          <label htmlFor="share-link" className="text-xs font-medium text-slate-600">
            {m.config.shareLinkLabel}
          </label>
          <input
            id="share-link"
            readOnly
            value={shareLink}
            onFocus={(e) => e.target.select()}
            className="mt-1 block w-full truncate rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 font-mono text-[11px] text-slate-600 outline-none focus:ring-2 focus:ring-orange-200"
          />
        </div>
      )}
    </div>
  );
}
