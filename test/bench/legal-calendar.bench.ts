/*
 * Legal-calendar throughput against a baseline from the same run (README, Benchmarks):
 * 1,000,000 mixed deadlines (forward, backward, months, suspensions, both calendars) over
 * seeded dates in 2020-2040, then 1,000,000 naive "date + N days" on a JS Date with no
 * holiday logic. Prints one JSON line; no assertions on time.
 *
 *   node --require ./scripts/register-ts.js test/bench/legal-calendar.bench.ts
 */
import { DeadlineInput, computeDeadline, dayNumberFromParts, formatCivilDate, parseCivilDate } from '@cmm/legal-calendar';

const ITERATIONS = 1_000_000;
/** Distinct inputs, cycled: enough variety for the holiday tables, small enough to pre-build. */
const POOL_SIZE = 1 << 16;
const SEED = 20_260_101;
const FIRST_DAY = dayNumberFromParts(2020, 1, 1);
const LAST_DAY = dayNumberFromParts(2040, 12, 31);

/** xorshift32: deterministic, so every run measures the same inputs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

function buildInputs(): DeadlineInput[] {
  const random = seededRandom(SEED);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const inputs: DeadlineInput[] = [];
  for (let i = 0; i < POOL_SIZE; i += 1) {
    const triggerDay = between(FIRST_DAY, LAST_DAY);
    const trigger = formatCivilDate(triggerDay);
    const calendar = random() < 0.5 ? 'national' : 'milano';
    const kind = random();
    if (kind < 0.4) {
      inputs.push({ trigger, length: between(1, 180), calendar });
    } else if (kind < 0.6) {
      inputs.push({ trigger, length: between(1, 120), direction: 'backward', calendar, clearDays: random() < 0.2 });
    } else if (kind < 0.75) {
      inputs.push({ trigger, length: between(1, 12), unit: 'months', direction: random() < 0.5 ? 'forward' : 'backward', calendar });
    } else {
      const length = between(10, 180);
      const firstFrom = triggerDay + between(0, length - 1);
      const firstTo = firstFrom + between(0, 40);
      const suspensions = [{ from: formatCivilDate(firstFrom), to: formatCivilDate(firstTo) }];
      const runningEnd = triggerDay + length + (firstTo - firstFrom);
      if (random() < 0.5 && firstTo < runningEnd) {
        const secondFrom = firstTo + between(0, Math.min(10, runningEnd - firstTo));
        suspensions.push({ from: formatCivilDate(secondFrom), to: formatCivilDate(secondFrom + between(0, 20)) });
      }
      inputs.push({ trigger, length, calendar, suspensions });
    }
  }
  return inputs;
}

function ratePerSecond(iterations: number, elapsedNs: bigint): number {
  return Math.round((iterations * 1e9) / Number(elapsedNs));
}

export async function main(): Promise<void> {
  const inputs = buildInputs();
  // Checksums keep the optimiser from discarding work whose result is unused.
  let legalChecksum = 0;
  const legalStart = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) {
    const result = computeDeadline(inputs[i & (POOL_SIZE - 1)]);
    legalChecksum = (legalChecksum + result.deadline.charCodeAt(9) + result.dueAt.length) | 0;
  }
  const legalNs = process.hrtime.bigint() - legalStart;

  let baselineChecksum = 0;
  const baselineStart = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) {
    const input = inputs[i & (POOL_SIZE - 1)];
    const date = new Date(`${input.trigger}T00:00:00.000Z`);
    date.setUTCDate(date.getUTCDate() + input.length);
    baselineChecksum = (baselineChecksum + date.toISOString().charCodeAt(9)) | 0;
  }
  const baselineNs = process.hrtime.bigint() - baselineStart;

  const legalPerSecond = ratePerSecond(ITERATIONS, legalNs);
  const baselinePerSecond = ratePerSecond(ITERATIONS, baselineNs);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'legal-calendar',
      iterations: ITERATIONS,
      legalCalendarPerSecond: legalPerSecond,
      naiveDatePerSecond: baselinePerSecond,
      // How many times slower a full legal computation is than a bare date addition.
      slowdownVsNaive: Math.round((baselinePerSecond / legalPerSecond) * 100) / 100,
      checksum: [legalChecksum, baselineChecksum],
      sanity: computeDeadline({ trigger: '2027-09-04', length: 30 }).deadline === formatCivilDate(parseCivilDate('2027-10-05')),
      node: process.version,
    })}\n`,
  );
}

if (require.main === module) {
  void main();
}
