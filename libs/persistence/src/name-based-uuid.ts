import { createHash } from 'node:crypto';

/**
 * A UUID determined by a name (RFC 4122 version 5 layout over SHA-1): the same business key
 * always gives the same id, which is what makes a repeated submission find its first case.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const hash = createHash('sha1').update(`${namespace}:${name}`).digest('hex');
  const variant = ((parseInt(hash.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-${variant}${hash.slice(18, 20)}-${hash.slice(20, 32)}`;
}
