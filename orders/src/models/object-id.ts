import mongoose from 'mongoose';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The ObjectId a string spells, or undefined when it spells none: callers treat that as an
 * unknown record (404), never as a cast error (500). */
export const parseObjectId = (value: string): mongoose.Types.ObjectId | undefined =>
  OBJECT_ID.test(value) ? new mongoose.Types.ObjectId(value) : undefined;
