/**
 * The notices the system sends, by template id. Here, with the contracts, so that what a
 * procedure sends is named where the procedure is described (procedures/*.descriptor.ts) and
 * workflows, activities and libs/notifications (whose catalogue words every one of them, in
 * Italian and English) read one list. Persistent: ids are stored with every notification.
 */
export const TEMPLATE_IDS = [
  'submission-received',
  'integration-requested',
  'integration-received',
  'deadline-reminder',
  'deadline-expired',
  'opinion-issued',
  'silence-favourable',
  'conference-convocation',
  'conference-update',
  'conference-cancellation',
  'conference-minutes',
  'conference-contribution',
  'concertation-concluded',
  'conferenza-istruttoria-invitation',
  'agreement-to-sign',
  'agreement-in-force',
  'agreement-refused',
  'annual-call-published',
  'ranking-published',
  'officer-daily-digest',
  'case-closed',
  'adhesion-corrections-requested',
  'adhesion-registered',
  'adhesion-rejected',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
