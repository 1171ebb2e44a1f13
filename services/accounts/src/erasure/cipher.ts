// AES-256-GCM for the personal fields of one event: a fresh 96-bit nonce each time, the event
// type as associated data (a sealed box cannot be moved to an event of another type unnoticed).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedBox {
  /** Format version. */
  v: 1;
  iv: string;
  ct: string;
  tag: string;
}

export const newDataKey = (): Buffer => randomBytes(32);

export function seal(key: Buffer, associated: string, plaintext: string): SealedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Throws when the box was altered or the key is not the one it was sealed with. */
export function open(key: Buffer, associated: string, box: SealedBox): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(box.ct, 'base64')), decipher.final()]).toString('utf8');
}

export const isSealedBox = (value: unknown): value is SealedBox =>
  typeof value === 'object' &&
  value !== null &&
  (value as SealedBox).v === 1 &&
  typeof (value as SealedBox).iv === 'string' &&
  typeof (value as SealedBox).ct === 'string' &&
  typeof (value as SealedBox).tag === 'string';
