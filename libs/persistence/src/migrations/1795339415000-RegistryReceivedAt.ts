import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an inbound act reached CMM, apart from when it was registered: the registration time is
 * when the number was taken (DPR 445/2000 art. 53), which for an act received while the worker
 * was down is later than its receipt.
 */
export class RegistryReceivedAt1795339415000 implements MigrationInterface {
  name = 'RegistryReceivedAt1795339415000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE registry_entries ADD COLUMN received_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE registry_entries DROP COLUMN received_at');
  }
}
