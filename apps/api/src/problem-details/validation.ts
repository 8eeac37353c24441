import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { InvalidParam } from './problem-details';
import { InvalidParamsException } from './problem.exception';

const flatten = (errors: ValidationError[], prefix = ''): InvalidParam[] =>
  errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({ name, rule, reason }));
    return [...own, ...flatten(error.children ?? [], name)];
  });

/**
 * Unknown fields are refused rather than dropped: a client that misspells a field must
 * learn it, not see its data silently ignored.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidParamsException(flatten(errors)),
  });
