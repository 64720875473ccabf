/** Labelled form controls with a hint and a validation message tied to them (aria-describedby). */
import { useId, type ReactNode } from 'react';

const inputClass = (error: boolean, extra = '') =>
  `block w-full rounded-lg border bg-white px-3 py-2 text-sm tabular-nums shadow-xs outline-none transition focus:ring-4 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 ${extra} ${
    error ? 'border-red-400 focus:border-red-500 focus:ring-red-100' : 'border-slate-300 focus:border-orange-500 focus:ring-orange-100'
  }`;

interface Described {
  id: string;
  hintId: string;
  errorId: string;
  describedBy: string | undefined;
}

function useDescribed(hint: ReactNode, error: string | undefined): Described {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function Message({ hint, error, d }: { hint: ReactNode; error: string | undefined; d: Described }) {
  return (
    <>
      {error && (
        <p id={d.errorId} className="mt-1.5 flex items-start gap-1 text-xs font-medium text-red-600">
          <span aria-hidden>⚠</span>
          {error}
        </p>
      )}
      {hint && (
        <p id={d.hintId} className="mt-1.5 text-xs leading-5 text-slate-500">
          {hint}
        </p>
      )}
    </>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  name: string;
  hint?: ReactNode;
  error?: string;
  disabled?: boolean;
  /** Rendered to the right of the input (e.g. a button). */
  addon?: ReactNode;
  suffix?: string;
  type?: 'text' | 'date' | 'password' | 'url';
  inputMode?: 'numeric' | 'decimal' | 'text';
  placeholder?: string;
  /** Visually hide the label (it stays the accessible name). */
  hideLabel?: boolean;
}

/** A labelled text (or date) input. */
export function Field({
  label,
  value,
  onChange,
  hint,
  error,
  disabled,
  addon,
  suffix,
  name,
  type = 'text',
  inputMode = 'numeric',
  placeholder,
  hideLabel,
}: FieldProps) {
  const d = useDescribed(hint, error);
  return (
    <div>
      <label htmlFor={d.id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium text-slate-800'}>
        {label}
      </label>
      <div className={`${hideLabel ? '' : 'mt-1.5'} flex gap-2`}>
        <div className="relative flex-1">
          <input
            id={d.id}
            name={name}
            type={type}
            inputMode={type === 'text' ? inputMode : undefined}
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={placeholder}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={d.describedBy}
            onChange={(e) => onChange(e.target.value)}
            className={inputClass(!!error, suffix ? 'pr-16' : '')}
          />
          {suffix && (
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500">{suffix}</span>
          )}
        </div>
        {addon}
      </div>
      <Message hint={hint} error={error} d={d} />
    </div>
  );
}

interface SelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  name: string;
  hint?: ReactNode;
  error?: string;
  disabled?: boolean;
}

/** A labelled native select (keyboard and screen-reader friendly by construction). */
export function SelectField<T extends string>({ label, value, options, onChange, name, hint, error, disabled }: SelectProps<T>) {
  const d = useDescribed(hint, error);
  return (
    <div>
      <label htmlFor={d.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={d.id}
        name={name}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={d.describedBy}
        onChange={(e) => onChange(e.target.value as T)}
        className={`mt-1.5 ${inputClass(!!error, 'pr-8')}`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message hint={hint} error={error} d={d} />
    </div>
  );
}

interface SegmentedProps<T extends string> {
  legend: string;
  value: T;
  options: readonly { value: T; label: string; description?: string }[];
  onChange: (value: T) => void;
  name: string;
  disabled?: boolean;
  hint?: ReactNode;
  columns?: 2 | 3 | 4 | 5;
}

/** A radio group drawn as segmented cards (native radios: arrow keys move the choice). */
export function Segmented<T extends string>({ legend, value, options, onChange, name, disabled, hint, columns = 3 }: SegmentedProps<T>) {
  const hintId = useId();
  const cols = { 2: 'grid-cols-2', 3: 'grid-cols-3', 4: 'grid-cols-4', 5: 'grid-cols-5' }[columns];
  return (
    <fieldset aria-describedby={hint ? hintId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className={`mt-1.5 grid ${cols} gap-1 rounded-lg bg-slate-100 p-1`}>
        {options.map((o) => (
          <label
            key={o.value}
            className={`relative flex cursor-pointer items-center justify-center rounded-md px-2 py-1.5 text-center text-xs font-medium transition has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-orange-400 ${
              value === o.value ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900'
            } ${disabled ? 'cursor-not-allowed opacity-60' : ''}`}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={disabled}
              onChange={() => onChange(o.value)}
              className="absolute inset-0 cursor-pointer opacity-0 disabled:cursor-not-allowed"
            />
            {o.label}
          </label>
        ))}
      </div>
      {hint && (
        <p id={hintId} className="mt-1.5 text-xs leading-5 text-slate-500">
          {hint}
        </p>
      )}
    </fieldset>
  );
}

/** Shared button styles. */
export const buttonClass = {
  primary:
    'inline-flex items-center justify-center gap-2 rounded-lg bg-orange-700 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-orange-800 focus-visible:outline-none focus-visible:ring-4 focus-visible:ring-orange-200 disabled:cursor-not-allowed disabled:bg-slate-300',
  secondary:
    'inline-flex items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-xs transition hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-4 focus-visible:ring-orange-100 disabled:cursor-not-allowed disabled:opacity-50',
  ghost:
    'inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-orange-300 disabled:opacity-50',
};
