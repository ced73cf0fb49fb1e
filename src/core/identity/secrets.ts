import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** argon2id with OWASP's minimum (19 MiB, 2 passes): ~30 ms here, costly for a guesser. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_OPTIONS);

/**
 * A one-time password that Jifen generated itself (resident onboarding: 12 characters drawn
 * from 32, ~60 bits) needs no protection against dictionary guessing, only against
 * exhaustive search, which 2^60 tries make hopeless at any cost per try; and it is replaced
 * at first login by a password hashed with ARGON2_OPTIONS. So argon2id with 2 MiB and one
 * pass: measured here ~1-3 ms a hash (4 in flight) against ~30-100 ms with ARGON2_OPTIONS,
 * which is what lets 500 logins be created in one request within seconds. verifyPassword
 * reads the parameters from the hash.
 */
export const hashOneTimePassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 2_048, timeCost: 1, parallelism: 1 });

/** argon2.verify compares in constant time. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A hash computed for unknown usernames, so that "no such user" takes as long as
 * "wrong password" and the timing does not reveal which usernames exist.
 */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** 256-bit random tokens (refresh tokens, API keys) are looked up by sha256. */
export const randomToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
