import { requireStringFields } from '@ticketing/common';
import { body } from 'express-validator';

/** The body both sign-up and sign-in take. */
export interface Credentials {
  email: string;
  password: string;
}

/** Refuses non-string fields first: the chains below would coerce an object or an array. */
export const credentialsAreStrings = requireStringFields('email', 'password');

export const emailIsValid = body('email')
  .trim()
  .isEmail()
  .withMessage('Email must be valid')
  .toLowerCase();

export const newPasswordHasValidLength = body('password')
  .trim()
  .isLength({ min: 8, max: 128 })
  .withMessage('Password must be between 8 and 128 characters');

export const passwordIsPresent = body('password')
  .trim()
  .notEmpty()
  .withMessage('You must supply a password');
