import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArrayMaxSize, IsIn, IsString, Matches, MaxLength, getMetadataStorage, validate } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ISTAT_CODE } from './dto-rules';
import { ITALIAN_CONSTRAINTS, constraintReason } from './constraint-reasons';

// Rules that are not refusals of a value (conditions, nesting, the rules of custom classes).
const NOT_A_REFUSAL = new Set(['conditionalValidation', 'nestedValidation', 'whitelistValidation', 'isOptional']);

class Sample {
  @IsString() @MaxLength(200) title!: unknown;
  @Matches(ISTAT_CODE, { message: 'istatCode must be six digits' }) istatCode!: unknown;
  @IsIn(['in', 'out']) direction!: unknown;
  @ArrayMaxSize(3) @Matches(/^[a-z]+$/, { each: true }) tags!: unknown;
}

const reasonsOf = async (value: Record<string, unknown>) => {
  const errors = await validate(Object.assign(new Sample(), value));
  return Object.fromEntries(
    errors.flatMap((e) =>
      Object.entries(e.constraints ?? {}).map(([rule, en]) => [`${e.property}.${rule}`, constraintReason(e, rule, en)]),
    ),
  );
};

describe('constraintReason', () => {
  it('words each constraint in Italian with its decorator arguments and keeps the English message', async () => {
    const reasons = await reasonsOf({ title: 'x'.repeat(201), istatCode: '15146', direction: 'up', tags: ['a', 'b', 'c', 'D'] });
    expect(reasons['title.maxLength']).toEqual({
      it: 'non può superare 200 caratteri',
      en: 'title must be shorter than or equal to 200 characters',
    });
    expect(reasons['istatCode.matches']).toEqual({ it: 'deve essere un codice ISTAT di sei cifre', en: 'istatCode must be six digits' });
    expect(reasons['direction.isIn']).toEqual({
      it: 'deve essere uno tra: in, out',
      en: expect.stringContaining('direction must be one of'),
    });
    expect(reasons['tags.arrayMaxSize'].it).toBe('non può contenere più di 3 elementi');
    expect(reasons['tags.matches'].it).toBe('ogni elemento: non è nel formato richiesto');
  });

  it('has an Italian text for every constraint any DTO of the API declares', () => {
    const root = join(__dirname, '..');
    const dtoFiles = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dto.ts'));
    expect(dtoFiles.length).toBeGreaterThan(10);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const file of dtoFiles) require(join(root, file));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
    const used = new Set([...storage.validationMetadatas.values()].flat().map((m) => m.name ?? m.type));
    expect(used.size).toBeGreaterThan(15);
    const missing = [...used].filter((rule) => !NOT_A_REFUSAL.has(rule) && !ITALIAN_CONSTRAINTS.includes(rule));
    expect(missing).toEqual([]);
  });
});
