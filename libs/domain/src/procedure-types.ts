/** The procedures, by their code names. Persistent: stored on cases. */
export const PROCEDURE_TYPES = [
  'compatibility-evaluation',
  'concertation-conference',
  'territorial-agreement',
  'sttm-approval',
  'vas-screening',
  'adhesion',
  'annual-call',
] as const;

export type ProcedureType = (typeof PROCEDURE_TYPES)[number];
