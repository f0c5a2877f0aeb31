'use client';

import type { ReactNode } from 'react';

import styles from './button.module.css';
import { useHydrated } from './use-hydrated';

interface SubmitButtonProps {
  pending: boolean;
  /** What the button says while its request runs, e.g. "Signing in…". */
  pendingLabel: string;
  variant?: 'primary' | 'secondary';
  children: ReactNode;
}

/**
 * A form's submit button that shows progress. Disabled until React has hydrated the form, so
 * an early click cannot submit it natively (a GET with the fields in the URL). While a request
 * runs it stays focusable (aria-disabled); the form's own guard refuses a second submission.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  variant = 'primary',
  children,
}: SubmitButtonProps) {
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      className={`${styles.button} ${styles[variant]}`}
      disabled={!hydrated}
      aria-disabled={pending || undefined}
    >
      {pending && <span className={styles.spinner} aria-hidden="true" />}
      {pending ? pendingLabel : children}
    </button>
  );
}
