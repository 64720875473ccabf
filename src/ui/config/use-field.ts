/** The translated message of a form field, if any. */
import { fieldErrorText, useStudio } from '../../state/studio.ts';
import type { FieldName } from '../../state/scenario-form.ts';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';

export function useFieldError(name: FieldName): string | undefined {
  const error = useStudio((s) => s.check.errors[name]);
  const m = useT();
  const f = useFormat();
  return error ? fieldErrorText(m, error, f.int) : undefined;
}

/** True while a run is going (controls are read-only then). */
export const useRunning = (): boolean => useStudio((s) => s.status === 'running');
