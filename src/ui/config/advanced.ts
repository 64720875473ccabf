/** Helpers of the scenario document controls. */
export { advancedCount } from '../../state/scenario-form.ts';
/** A JSON file may hold at most this many bytes per accepted character (UTF-8 worst case). */
export const MAX_DOC_CHARS_HINT = 4;
