/** The page-level message (imported scenario, bad link, copied link, …). */
import { useEffect } from 'react';
import { dismissNotice, useStudio } from '../state/studio.ts';
import { AlertIcon, CheckCircleIcon, CloseIcon, InfoIcon } from './icons.tsx';
import { useT } from './i18n/index.ts';

const LOOK = {
  error: { box: 'bg-red-50 text-red-800 ring-red-200', Icon: AlertIcon },
  info: { box: 'bg-sky-50 text-sky-900 ring-sky-200', Icon: InfoIcon },
  success: { box: 'bg-emerald-50 text-emerald-900 ring-emerald-200', Icon: CheckCircleIcon },
} as const;

/** Success and info messages step aside after a while; errors stay until dismissed. */
const AUTO_DISMISS_MS = 8000;

export function NoticeBar() {
  const m = useT();
  const notice = useStudio((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(() => {
      if (useStudio.getState().notice?.id === notice.id) dismissNotice();
    }, AUTO_DISMISS_MS);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div aria-live="polite" role="status" className="empty:hidden">
      {notice && (
        <div
          key={notice.id}
          className={`mb-6 flex items-start gap-3 rounded-xl px-4 py-3 text-sm ring-1 ${LOOK[notice.kind].box}`}
          data-testid="notice"
          data-kind={notice.kind}
        >
          {(() => {
            const Icon = LOOK[notice.kind].Icon;
            return <Icon className="mt-0.5 size-4 shrink-0" />;
          })()}
          <p className="flex-1">{notice.text(m)}</p>
          <button
            type="button"
            onClick={dismissNotice}
            className="rounded p-0.5 opacity-70 hover:opacity-100 focus-visible:ring-2 focus-visible:ring-current focus-visible:outline-none"
            aria-label={m.doc.dismiss}
          >
            <CloseIcon className="size-4" />
          </button>
        </div>
      )}
    </div>
  );
}
