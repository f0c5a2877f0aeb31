'use client';

import buttonStyles from '@/components/ui/button.module.css';
import { ButtonLink } from '@/components/ui/button-link';
import { Notice } from '@/components/ui/notice';

/** Anything a page throws while rendering: details stay in the server log. */
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <>
      <h1>Something went wrong</h1>
      <Notice tone="error" role="alert">
        <p>The page could not be shown. Please try again in a moment.</p>
      </Notice>
      <p>
        <button
          type="button"
          className={`${buttonStyles.button} ${buttonStyles.primary}`}
          onClick={reset}
        >
          Try again
        </button>{' '}
        <ButtonLink href="/" variant="secondary">
          Home
        </ButtonLink>
      </p>
    </>
  );
}
