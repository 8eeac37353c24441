import { databaseProblemOf } from './database-errors';

// TypeORM wraps the pg error as driverError; the fields are PostgreSQL's own.
const queryFailed = (driverError: Record<string, unknown>) => Object.assign(new Error('query failed'), { driverError });

describe('databaseProblemOf', () => {
  it('maps a foreign key violation to 422 naming the field in camelCase', () => {
    const problem = databaseProblemOf(queryFailed({ code: '23503', detail: 'Key (case_id)=(8f…) is not present in table "cases".' }));
    expect(problem).toMatchObject({ status: 422, invalidParams: [{ name: 'caseId', rule: 'exists' }] });
  });

  it('maps a unique violation to 409 and a check violation to 422', () => {
    expect(databaseProblemOf(queryFailed({ code: '23505', detail: 'Key (protocol_number)=(x) already exists.' }))).toMatchObject({
      status: 409,
      invalidParams: [{ name: 'protocolNumber' }],
    });
    expect(databaseProblemOf(queryFailed({ code: '23514', constraint: 'amount_positive' }))).toMatchObject({ status: 422 });
  });

  it('maps invalid values to 400', () => {
    expect(databaseProblemOf(queryFailed({ code: '22P02' }))).toMatchObject({ status: 400 });
    expect(databaseProblemOf(queryFailed({ code: '22021' }))).toMatchObject({ status: 400 });
  });

  it.each([
    ['admin shutdown', queryFailed({ code: '57P01' })],
    ['cannot connect now', queryFailed({ code: '57P03' })],
    ['refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['terminated connection', new Error('Connection terminated unexpectedly')],
    ['a cause further down', Object.assign(new Error('outer'), { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) })],
  ])('maps %s to 503 with Retry-After', (_, error) => {
    expect(databaseProblemOf(error)).toMatchObject({ status: 503, retryAfter: expect.any(Number) });
  });

  it('leaves everything else to be a 500', () => {
    expect(databaseProblemOf(new TypeError('Cannot read properties of undefined'))).toBeNull();
    expect(databaseProblemOf(queryFailed({ code: '42P01' }))).toBeNull();
  });
});
