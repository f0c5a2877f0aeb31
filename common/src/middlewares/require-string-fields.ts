import type { RequestHandler } from 'express';
import type { FieldValidationError } from 'express-validator';

import { RequestValidationError } from '../errors';

/**
 * Refuses a body whose named top-level fields hold anything but a string: an operator object
 * such as `{"$gt": ""}`, an array, a number, null. It goes before the express-validator chains,
 * whose sanitizers would coerce such values and whose validators check arrays item by item.
 * Absent fields pass, so the chains can report them with their own messages.
 */
export function requireStringFields(...fields: string[]): RequestHandler {
  return (req, _res, next) => {
    const body: unknown = req.body;
    const errors = fields
      .filter((field) => holdsNonString(body, field))
      .map((field): FieldValidationError => ({
        type: 'field',
        location: 'body',
        path: field,
        msg: `${field} must be a string`,
      }));
    if (errors.length > 0) throw new RequestValidationError(errors);
    next();
  };
}

function holdsNonString(body: unknown, field: string): boolean {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, field)) return false;
  return typeof (body as Record<string, unknown>)[field] !== 'string';
}
