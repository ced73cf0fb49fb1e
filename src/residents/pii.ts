import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Which personal field a value belongs to: bound into the ciphertext (AAD) and the hash. */
export type PiiField = 'id_number' | 'phone';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encryption at rest of ID numbers and phones. Two independent 256-bit keys are derived
 * from PII_KEY with HKDF: one for AES-256-GCM, one for the HMAC that gives an exact-match
 * and uniqueness column without decrypting (the same value always hashes the same).
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('PII key must be at least 32 characters');
    const ikm = Buffer.from(secret, 'utf8');
    const salt = Buffer.from('jifen/pii/v1', 'utf8');
    this.encKey = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('aes-256-gcm'), 32));
    this.macKey = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('hmac-sha256'), 32));
  }

  /** version (1 byte) | iv (12) | tag (16) | ciphertext. */
  encrypt(field: PiiField, plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the value was altered, or encrypted for another field or with another key. */
  decrypt(field: PiiField, sealed: Buffer): string {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed personal-data value');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised value, for unique indexes and exact search. */
  hash(field: PiiField, normalized: string): Buffer {
    return createHmac('sha256', this.macKey).update(`${field}:${normalized}`).digest();
  }
}
