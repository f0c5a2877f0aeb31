import mongoose, { type HydratedDocument, type Model } from 'mongoose';

import { hashPassword } from '../services/password';

/** What it takes to create a user. */
export interface UserAttrs {
  email: string;
  password: string;
}

/** A stored user. Once saved, `password` holds the scrypt hash, never the password itself. */
export type UserDoc = HydratedDocument<UserAttrs>;

export interface UserModel extends Model<UserAttrs> {
  build(attrs: UserAttrs): UserDoc;
}

/** The only fields a user is ever shown with: an allow-list, so a new field is private until added. */
interface UserJson {
  id: string;
  email: string;
}

const userSchema = new mongoose.Schema<UserAttrs, UserModel>(
  {
    // Stored lower-cased, so the unique index compares emails case-insensitively and a racing
    // double sign-up is refused by the database, not by a read-then-write.
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    password: { type: String, required: true },
  },
  {
    toJSON: {
      transform: (_doc, stored): UserJson => ({ id: String(stored._id), email: stored.email }),
    },
  },
);

userSchema.pre('save', async function hashNewPassword() {
  if (this.isModified('password')) this.password = await hashPassword(this.password);
});

userSchema.static('build', function build(this: UserModel, attrs: UserAttrs): UserDoc {
  return new this(attrs);
});

export const User = mongoose.model<UserAttrs, UserModel>('User', userSchema);
