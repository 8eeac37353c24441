import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

type ConfigClass<T extends object> = new () => T;

/** Raised at start when the environment is incomplete or malformed; names every variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const describe = (error: ValidationError): string[] =>
  Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`);

/**
 * Reads one configuration class from the environment and validates it with its
 * class-validator decorators. Every problem is reported at once, so an operator fixes the
 * environment in one pass instead of one restart per variable.
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new configClass();
  const present = Object.fromEntries(
    Object.keys(defaults).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
  );
  const config = plainToInstance(configClass, { ...defaults, ...present }, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap(describe));
  return config;
}

/** Validates several configuration classes at once, reporting the problems of all of them. */
export function loadConfigs(configClasses: readonly ConfigClass<object>[], env: NodeJS.ProcessEnv = process.env): void {
  const problems = configClasses.flatMap((configClass) => {
    try {
      loadConfig(configClass, env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
}
