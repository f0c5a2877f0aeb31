'use client';

import { type RefObject, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';

import { failure } from '@/lib/api/result';
import type { ApiErrorItem, ApiResult } from '@/lib/api/types';

export interface RunOptions {
  /** The success handler navigates away: keep showing progress until the page changes. */
  leavesPage?: boolean;
}

export interface ApiForm {
  pending: boolean;
  /** Errors without a field, or for a field this form does not show: rendered at the top. */
  topErrors: ApiErrorItem[];
  fieldError: (name: string) => string | undefined;
  fieldId: (name: string) => string;
  summaryRef: RefObject<HTMLDivElement | null>;
  run: <T>(
    send: () => Promise<ApiResult<T>>,
    onSuccess: (data: T) => void,
    options?: RunOptions,
  ) => Promise<void>;
}

/**
 * State for a form that sends one API request: progress, the contract's errors split between
 * fields and the top, focus on the first problem, and a guard against a second submission.
 */
export function useApiForm(fields: readonly string[]): ApiForm {
  // Callers pass an array literal; keyed by its contents so effects do not re-run every render.
  const fieldsKey = fields.join('\n');
  const fieldNames = useMemo(() => fieldsKey.split('\n'), [fieldsKey]);
  const idPrefix = useId();
  const [errors, setErrors] = useState<ApiErrorItem[]>([]);
  const [pending, setPending] = useState(false);
  // A ref, not state: a double click fires twice before React re-renders with `pending`.
  const inFlight = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const fieldId = useCallback((name: string) => `${idPrefix}-${name}`, [idPrefix]);
  const isShownField = useCallback(
    (error: ApiErrorItem) => error.field !== undefined && fieldNames.includes(error.field),
    [fieldNames],
  );

  useEffect(() => {
    if (errors.length === 0) return;
    const first = errors.find(isShownField)?.field;
    const target = first ? document.getElementById(fieldId(first)) : null;
    (target ?? summaryRef.current)?.focus();
  }, [errors, isShownField, fieldId]);

  const run: ApiForm['run'] = async (send, onSuccess, options = {}) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setErrors([]);
    // `send` may do more than call the API (Stripe.js); a throw must not leave the form stuck.
    const result = await send().catch(() => failure(0, 'Something went wrong. Please try again.'));
    if (result.ok) {
      onSuccess(result.data);
      if (options.leavesPage) return;
    } else {
      setErrors(result.errors);
    }
    inFlight.current = false;
    setPending(false);
  };

  return {
    pending,
    topErrors: errors.filter((error) => !isShownField(error)),
    fieldError: (name) => {
      const messages = errors.filter((error) => error.field === name).map((e) => e.message);
      return messages.length > 0 ? messages.join(' ') : undefined;
    },
    fieldId,
    summaryRef,
    run,
  };
}
