'use client';

import Link from 'next/link';
import type { FormEvent } from 'react';

import { ErrorSummary } from '@/components/forms/error-summary';
import { Field } from '@/components/forms/field';
import styles from '@/components/forms/form.module.css';
import { formValues } from '@/components/forms/form-values';
import { useApiForm } from '@/components/forms/use-api-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { browserApi } from '@/lib/api/browser';
import { endpoints } from '@/lib/api/endpoints';
import { signInPath, signUpPath } from '@/lib/paths';

const MODES = {
  signup: {
    endpoint: endpoints.signUp,
    submit: 'Sign up',
    pending: 'Signing up…',
    passwordHint: 'Between 8 and 128 characters.',
    autoComplete: 'new-password',
    switchText: 'Already have an account?',
    switchLink: 'Sign in',
    switchPath: signInPath,
  },
  signin: {
    endpoint: endpoints.signIn,
    submit: 'Sign in',
    pending: 'Signing in…',
    passwordHint: undefined,
    autoComplete: 'current-password',
    switchText: 'New here?',
    switchLink: 'Create an account',
    switchPath: signUpPath,
  },
} as const;

const FIELDS = ['email', 'password'] as const;

/** Sign-up and sign-in: the same two fields, the same error handling, different endpoints. */
export function AuthForm({ mode, returnTo }: { mode: keyof typeof MODES; returnTo: string }) {
  const copy = MODES[mode];
  const form = useApiForm(FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const credentials = formValues(event.currentTarget, FIELDS);
    void form.run(
      () => browserApi(copy.endpoint(credentials)),
      // A full page load, not a client navigation: every server-rendered part of the page,
      // the header included, must be rendered again for the new session.
      () => window.location.assign(returnTo),
      { leavesPage: true },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={form.pending}
      className={`${styles.form} ${styles.card}`}
    >
      <ErrorSummary form={form} />
      <Field form={form} name="email" label="Email" type="email" autoComplete="email" required />
      <Field
        form={form}
        name="password"
        label="Password"
        type="password"
        autoComplete={copy.autoComplete}
        hint={copy.passwordHint}
        required
      />
      <div className={styles.actions}>
        <SubmitButton pending={form.pending} pendingLabel={copy.pending}>
          {copy.submit}
        </SubmitButton>
        <span>
          {copy.switchText} <Link href={copy.switchPath(returnTo)}>{copy.switchLink}</Link>
        </span>
      </div>
    </form>
  );
}
