import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of the producer of a notice (docs/operations.md, "Traces"): the W3C
 * `traceparent` of the span that wrote the outbox row (an activity of the worker, or the API)
 * and the request id, so that the notifier's send span, minutes or hours later and in another
 * process, joins the request's trace and carries its `cmm.request_id`. Null for rows written
 * without tracing or before this migration; nothing else reads them.
 */
export class NotificationTraceContext1795374000000 implements MigrationInterface {
  name = 'NotificationTraceContext1795374000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notifications ADD COLUMN traceparent text, ADD COLUMN request_id text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notifications DROP COLUMN request_id, DROP COLUMN traceparent');
  }
}
