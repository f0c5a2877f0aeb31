'use client';

import { type FormEvent, useEffect, useRef } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import styles from '@/components/forms/form.module.css';
import { useApiForm } from '@/components/forms/use-api-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';

/** Ends the session as soon as the page opens, then loads the home page signed out. */
export function SignOut() {
  const form = useApiForm([]);
  const { run } = form;
  const started = useRef(false);

  const signOut = () =>
    run(
      () => browserApi(endpoints.signOut()),
      () => window.location.replace('/'),
      { leavesPage: true },
    );

  useEffect(() => {
    // Development mode runs effects twice; one request is enough.
    if (started.current) return;
    started.current = true;
    void signOut();
  });

  const retry = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void signOut();
  };

  return (
    <form onSubmit={retry} aria-busy={form.pending} className={styles.form}>
      <ErrorSummary form={form} />
      {form.topErrors.length === 0 ? (
        <p role="status">Signing you out…</p>
      ) : (
        <div className={styles.actions}>
          <SubmitButton pending={form.pending} pendingLabel="Signing out…">
            Try again
          </SubmitButton>
        </div>
      )}
    </form>
  );
}
