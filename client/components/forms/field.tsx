import type { InputHTMLAttributes, ReactNode } from 'react';

import styles from './form.module.css';
import type { ApiForm } from './use-api-form';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'form'> {
  form: ApiForm;
  /** The contract's field name, matched against `errors[].field`. */
  name: string;
  label: ReactNode;
  hint?: string;
}

/** A labelled input with its hint and the contract's error message for it, tied by ARIA. */
export function Field({ form, name, label, hint, className, ...input }: FieldProps) {
  const id = form.fieldId(name);
  const error = form.fieldError(name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      <input
        {...input}
        id={id}
        name={name}
        className={[styles.input, className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error && (
        <p id={`${id}-error`} className={styles.fieldError}>
          {error}
        </p>
      )}
    </div>
  );
}
