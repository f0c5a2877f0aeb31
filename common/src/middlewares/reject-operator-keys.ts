import type { RequestHandler } from 'express';

import { RequestValidationError } from '../errors';

/**
 * MongoDB reads a key starting with `$` as an operator and a key containing `.` as a path, so
 * such a key in a body could rewrite a query (`{"email": {"$gt": ""}}`). No field of this API
 * is named that way, so a body holding one at any depth is refused with 400.
 */
export const rejectOperatorKeys: RequestHandler = (req, _res, next) => {
  const path = findOperatorKey(req.body);
  if (path !== undefined) {
    throw new RequestValidationError([
      { type: 'field', location: 'body', path, msg: 'Keys may not start with "$" or contain "."' },
    ]);
  }
  next();
};

/** The path of the first operator key in `root`, if any. */
function findOperatorKey(root: unknown): string | undefined {
  // A loop rather than recursion, so a deeply nested body cannot overflow the stack.
  const pending: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const inArray = Array.isArray(item.value);
    for (const [key, child] of Object.entries(item.value)) {
      const path = inArray ? `${item.path}[${key}]` : item.path ? `${item.path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.')) return path;
      pending.push({ value: child, path });
    }
  }
  return undefined;
}
