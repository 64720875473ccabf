/** The memory guard next to Generate: why an in-memory run is refused, and the switch to a disk destination. */
import { diskSupport } from '../../lib/fs-access.ts';
import { effectiveDestination, setDestination, useDestination } from '../../state/destination.ts';
import { checkMemory, type MemoryVerdict } from '../../state/memory-guard.ts';
import { estimateOutputBytes, useStudio } from '../../state/studio.ts';
import { buttonClass } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { AlertIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';

/** The guard's verdict on the form's run (null while the form has no valid scenario). */
export function useMemoryVerdict(): MemoryVerdict | null {
  const plan = useStudio((s) => (s.check.scenario ? s.check.plan : null));
  const values = useStudio((s) => s.values);
  const chosen = useDestination((s) => s.destination);
  if (!plan) return null;
  const inMemory = effectiveDestination(chosen, values.output.format) === 'memory';
  return checkMemory(estimateOutputBytes(plan, values), inMemory);
}

export function MemoryGuardNotice({ verdict }: { verdict: MemoryVerdict }) {
  const m = useT();
  const f = useFormat();
  const format = useStudio((s) => s.values.output.format);
  const canDisk = diskSupport().folder && format !== 'iceberg';
  return (
    <div role="alert" data-testid="memory-guard" className="mb-3 rounded-lg bg-red-50 p-3 ring-1 ring-red-200">
      <p className="flex items-center gap-1.5 text-xs font-semibold text-red-800">
        <AlertIcon className="size-4 shrink-0" />
        {m.destination.refusedTitle}
      </p>
      <p className="mt-1 text-xs leading-5 text-red-700">
        {m.destination.refused(f.bytes(verdict.estimateBytes), f.bytes(verdict.limitBytes))}
      </p>
      {canDisk ? (
        <button type="button" onClick={() => setDestination('folder')} className={`${buttonClass.secondary} mt-2.5 w-full`}>
          {m.destination.switchToDisk}
        </button>
      ) : (
        <p className="mt-1 text-xs leading-5 text-red-700">{m.destination.refusedNoDisk}</p>
      )}
    </div>
  );
}
