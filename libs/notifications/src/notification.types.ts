import type { TemplateId } from '@cmm/contracts';

export type NotificationChannel = 'email' | 'pec';

// The template ids are the contracts' (what each procedure sends is named with the procedure).
export { TEMPLATE_IDS, type TemplateId } from '@cmm/contracts';

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface NotificationRecipient {
  address: string;
  name?: string;
  istatCode?: string;
  role?: string;
}

/** A calendar invitation: one stable `uid` per session, `sequence` raised on every change. */
export interface NotificationCalendar {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  /** ISO instant. */
  start: string;
  end: string;
  summary: string;
  location?: string;
  url?: string;
  organizer: { name: string; address: string };
}

export interface NotificationRequest {
  /** Same key again = same notification, never a second send. */
  idempotencyKey: string;
  caseId: string | null;
  /** When set, the workflow receives the NOTIFICATION_DELIVERED_SIGNAL of every recipient. */
  workflowId?: string | null;
  templateId: TemplateId;
  /** Default 'it'. */
  locale?: Locale;
  channel: NotificationChannel;
  /** One delivery (and one queue job) per recipient. */
  recipients: NotificationRecipient[];
  /** Template data: caseReference, caseTitle, caseUrl, deadline { date, legalSource }, … (see templates/template-catalog.ts). */
  data: Record<string, unknown>;
  calendar?: NotificationCalendar;
}
