import { Injectable } from '@nestjs/common';
import { CASE_PAGE_PATH_TEMPLATE } from '@cmm/contracts';
import { noticeSubject } from '@cmm/notifications';
import { DataSource } from 'typeorm';
import { InvalidParamsException } from '../problem-details/problem.exception';
import type { FailedNoticeDto, FailedNoticePageDto, FailedNoticeQueryDto } from './failed-notice.dto';

interface Row {
  id: string;
  notification_id: string;
  case_id: string | null;
  reference: string | null;
  title: string | null;
  template_id: string;
  data: Record<string, unknown> | null;
  channel: string;
  recipient_address: string;
  recipient_name: string | null;
  status: string;
  status_at: Date;
  attempts: number;
  last_error: string | null;
}

/** Avvisi: deliveries that failed or bounced, newest first (partial index notification_deliveries_failed_idx). */
@Injectable()
export class FailedNoticesService {
  constructor(private readonly db: DataSource) {}

  async page(query: FailedNoticeQueryDto): Promise<FailedNoticePageDto> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [limit + 1];
    let after = '';
    if (query.cursor) {
      const [at, id] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
      if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
        throw new InvalidParamsException([{ name: 'cursor', rule: 'cursor', reason: 'cursor: not a value this list returned as next' }]);
      }
      params.push(new Date(at), id);
      after = 'AND (d.status_at, d.id) < ($2, $3)';
    }
    const rows: Row[] = await this.db.query(
      `SELECT d.id, d.notification_id, n.case_id, c.reference, c.title, n.template_id, n.data, n.channel, d.recipient_address, d.recipient_name,
              d.status, d.status_at, d.attempts, d.last_error
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN cases c ON c.id = n.case_id
        WHERE d.status IN ('failed', 'bounced') ${after}
        ORDER BY d.status_at DESC, d.id DESC
        LIMIT $1`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row): FailedNoticeDto => ({
        deliveryId: row.id,
        notificationId: row.notification_id,
        caseId: row.case_id,
        caseReference: row.reference,
        caseTitle: row.title,
        casePagePath: row.case_id ? CASE_PAGE_PATH_TEMPLATE.replace('{caseId}', row.case_id) : null,
        templateId: row.template_id,
        subject: noticeSubject(row.template_id, row.data),
        channel: row.channel,
        recipientAddress: row.recipient_address,
        recipientName: row.recipient_name,
        status: row.status,
        statusAt: row.status_at.toISOString(),
        attempts: row.attempts,
        lastError: row.last_error,
      })),
      next: rows.length > limit ? Buffer.from(`${last.status_at.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }
}
