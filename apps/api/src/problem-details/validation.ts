import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { contractProblems, nulProblems } from '../validation/request-contract';
import { constraintReason } from '../validation/constraint-reasons';
import { InvalidParamsException, type LocalizedInvalidParam } from './problem.exception';

const flatten = (errors: ValidationError[], prefix = ''): LocalizedInvalidParam[] =>
  errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({
      name,
      rule,
      reason: constraintReason(error, rule, reason),
    }));
    return [...own, ...flatten(error.children ?? [], name)];
  });

/**
 * class-validator's checks, preceded by those it leaves out (request-contract.ts): no NUL in
 * any string, required nested objects present and objects, dates that exist. One answer
 * lists them all; a field reported by the contract is not reported twice.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const where = metadata.type === 'custom' ? null : (metadata.data ?? '');
    const contract: LocalizedInvalidParam[] =
      where === null
        ? []
        : [
            ...nulProblems(value, where),
            ...(metadata.metatype && !metadata.data ? contractProblems(metadata.metatype as never, value) : []),
          ];
    let transformed: unknown;
    try {
      transformed = await super.transform(value, metadata);
    } catch (error) {
      // A value the contract already refuses may also trip the transformation itself: the contract answers.
      if (contract.length === 0) throw error;
      const named = new Set(contract.map((p) => p.name));
      const others = error instanceof InvalidParamsException ? error.invalidParams.filter((p) => !named.has(p.name)) : [];
      throw new InvalidParamsException([...contract, ...others]);
    }
    if (contract.length > 0) throw new InvalidParamsException(contract);
    return transformed;
  }
}

/**
 * Unknown fields are refused rather than dropped: a client that misspells a field must
 * learn it, not see its data silently ignored.
 */
export const createValidationPipe = (): ValidationPipe =>
  new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target lets each reason read its decorator's arguments (MaxLength(200) → 200) for the
    // Italian text; the factory sends only names, rules and reasons, never the object.
    validationError: { target: true },
    exceptionFactory: (errors) => new InvalidParamsException(flatten(errors)),
  });
