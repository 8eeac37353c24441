import type { EntityManager } from 'typeorm';

/**
 * Exactly-once side effects for activities Temporal may retry: the work and its receipt
 * commit in one transaction; a retry finds the receipt and returns the first result.
 */
export async function onceWithReceipt<T>(tx: EntityManager, key: string, work: () => Promise<T>): Promise<T> {
  // The row lock makes a concurrent duplicate wait for the first and then see its receipt.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const [existing] = await tx.query('SELECT result FROM activity_receipts WHERE idempotency_key = $1', [key]);
  if (existing) return existing.result as T;
  const result = await work();
  await tx.query('INSERT INTO activity_receipts (idempotency_key, result) VALUES ($1, $2)', [key, JSON.stringify(result ?? null)]);
  return result;
}
