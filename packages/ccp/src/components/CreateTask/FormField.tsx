import type { ReactNode } from 'react';
import { t } from '../../i18n/index.js';

/** What a field's control carries so its label, hint and error reach assistive technology. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: true;
  readonly required?: boolean;
}

interface Props {
  readonly id: string;
  readonly label: string;
  readonly required?: boolean | undefined;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  /** A label that is only read out (the control sits in a row with others). */
  readonly hiddenLabel?: boolean;
  readonly className?: string;
  readonly children: (control: ControlProps) => ReactNode;
}

/** A label, the control, a hint and the field's error in words. */
export function FormField({ id, label, required, hint, error, hiddenLabel, className, children }: Props) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`sb-field sb-ctask__field${className ? ` ${className}` : ''}`}>
      {/* The mark is outside the label: the field's name stays its name ("required" is said by the control). */}
      <span className={hiddenLabel ? 'sb-visually-hidden' : 'sb-ctask__label'}>
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span className="sb-ctask__required" aria-hidden="true">
            *
          </span>
        ) : null}
      </span>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(required ? { required: true } : {}),
      })}
      {hint ? (
        <p id={`${id}-hint`} className="sb-ctask__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="sb-ctask__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A problem's words (a key of `t.task.errors`, or the server's own words made a sentence). */
export function problemText(problem: string): string {
  const known = t.task.errors[problem];
  if (known) return known;
  if (/\bis required\b/i.test(problem)) return t.task.errors.required!;
  if (/\bread-only\b/i.test(problem)) return t.task.errors.readOnly!;
  return sentence(problem);
}

/** Words as a sentence: a capital first, a full stop last. */
export function sentence(words: string): string {
  const s = words.trim();
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
}
