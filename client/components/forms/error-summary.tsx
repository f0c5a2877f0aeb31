import styles from './form.module.css';
import type { ApiForm } from './use-api-form';

/**
 * The errors that belong to no field, at the top of the form. An inserted alert is announced,
 * and the form moves focus here when there is no field to focus instead.
 */
export function ErrorSummary({ form }: { form: ApiForm }) {
  const { topErrors } = form;
  if (topErrors.length === 0) return null;
  return (
    <div ref={form.summaryRef} tabIndex={-1} role="alert" className={styles.summary}>
      {topErrors.length === 1 ? (
        <p>{topErrors[0]?.message}</p>
      ) : (
        <ul>
          {topErrors.map((error, index) => (
            <li key={`${index}-${error.message}`}>{error.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
