/** The part of a pino logger the notifier's services use (tests pass a silent one). */
export interface NotifierLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const SILENT_LOGGER: NotifierLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** How the notifier appears in the case timeline. */
export const NOTIFIER_ACTOR = { subject: 'system:notifier', role: 'system' } as const;
