/**
 * Task queue names are persistent: running workflows are bound to them, so a rename needs
 * a migration of open cases, never a simple edit.
 */
export const PROCEDURES_TASK_QUEUE = 'cmm-procedures';
