import { requireStringFields, validateRequest } from '@ticketing/common';
import type { RequestHandler } from 'express';
import { body } from 'express-validator';

import { MAX_TITLE_LENGTH } from '../models/ticket';

/** The body of creating and of editing a ticket, once validated. */
export interface TicketBody {
  title: string;
  price: number;
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const AT_MOST_TWO_DECIMALS = /^\d+(\.\d{1,2})?$/;

/**
 * What is wrong with a price, if anything. A price is a JSON number, or a string holding a
 * plain decimal: the course's client sends the form field's text (`"19.99"`), and the contract
 * keeps it working. Checked on its decimal text, so 19.99 passes and 0.1 + 0.2 does not.
 */
function priceProblem(value: unknown): string | undefined {
  if (value === undefined) return 'Price must be greater than 0';
  if (typeof value !== 'number' && typeof value !== 'string') return 'Price must be a number';
  const text = typeof value === 'number' ? String(value) : value.trim();
  const amount = typeof value === 'number' ? value : PLAIN_DECIMAL.test(text) ? Number(text) : NaN;
  if (!(amount > 0)) return 'Price must be greater than 0';
  if (!AT_MOST_TWO_DECIMALS.test(text)) return 'Price must have at most 2 decimal places';
  return undefined;
}

/** Validates `{title, price}`: 400 with one error per bad field, before anything is read. */
export const validateTicketBody: RequestHandler[] = [
  // Before the chains: `trim()` would turn an object or an array into a string.
  requireStringFields('title'),
  body('title')
    .trim()
    .notEmpty()
    .withMessage('Title is required')
    .bail()
    .isLength({ max: MAX_TITLE_LENGTH })
    .withMessage(`Title must be at most ${MAX_TITLE_LENGTH} characters`),
  body('price')
    .custom((value: unknown) => {
      const problem = priceProblem(value);
      if (problem) throw new Error(problem);
      return true;
    })
    .customSanitizer((value: number | string) => Number(value)),
  validateRequest,
];
