// The timeline types written as literals in the code that records events, read from the
// sources: a step recorded under a new name without words here fails this test instead of
// reaching a clerk as its readable id. Machine events are checked by their unions' types;
// types held in constants (registry, documents) by the API's own spec.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROCEDURE_TYPES, type ProcedureType } from '../procedure-types';
import { readableId } from './bilingual-label';
import { SYSTEM_EVENT_LABELS, TIMELINE_EVENT_LABELS, timelineEventLabel } from './timeline-event-labels';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SOURCES = ['workflows', 'activities', 'libs/notifications/src'];
const RECORDING_CALL = /\b(?:recordCaseEvent|recordOnCase|recordEventInTx|recordSessionNotices|timeline\.append)\(/g;
const NAMED_RECORD = /\b(?:record|recordEvent|recordFact|recordStep)\(\s*'([a-z][a-z0-9-]*)'/g;
const LITERAL = /'([a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]+)'/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) yield path;
  }
}

/** The procedure whose cases a file records on, or null for steps any case may carry. */
function procedureOf(file: string): ProcedureType | null {
  const match = /^(?:workflows\/([a-z-]+)\/|activities\/([a-z-]+)\.activities\.ts$)/.exec(file);
  const name = match?.[1] ?? match?.[2];
  return (PROCEDURE_TYPES as readonly string[]).includes(name ?? '') ? (name as ProcedureType) : null;
}

/** [file, type] for every literal type the sources record. */
function recordedTypes(): [string, string][] {
  const found: [string, string][] = [];
  for (const base of SOURCES) {
    for (const path of sourceFiles(join(ROOT, base))) {
      const file = relative(ROOT, path);
      const text = readFileSync(path, 'utf8');
      for (const call of text.matchAll(RECORDING_CALL)) {
        // The first `type:` of the call's argument; a ternary names both of its types.
        const type = /\btype:\s*([^,\n]+)/.exec(text.slice(call.index, call.index + 1200));
        for (const literal of type?.[1].matchAll(LITERAL) ?? []) found.push([file, literal[1]]);
      }
      for (const named of text.matchAll(NAMED_RECORD)) found.push([file, named[1]]);
    }
  }
  return found;
}

describe('timeline types recorded by the code', () => {
  const recorded = recordedTypes();

  it('finds the recording calls (the scan itself still works)', () => {
    const types = new Set(recorded.map(([, type]) => type));
    for (const type of [
      'submission-received',
      'call-opened',
      'proposal-submitted',
      'deadline-reminder',
      'deadline-escalated',
      'commitment-settled',
      'notification-failed',
      'notification-delivered',
    ]) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
  });

  it('has words for each, by the procedure of the case it is recorded on', () => {
    const unnamed = recorded
      .filter(([file, type]) => {
        const procedure = procedureOf(file);
        const label = procedure ? timelineEventLabel(procedure, type) : (SYSTEM_EVENT_LABELS as Record<string, unknown>)[type];
        return !label || label === readableId(type) || (label as { it: string }).it === readableId(type).it;
      })
      .map(([file, type]) => `${file}: ${type}`);
    expect(unnamed).toEqual([]);
  });

  it('knows every procedure the workflows record for', () => {
    for (const [file] of recorded) {
      const procedure = procedureOf(file);
      if (procedure) expect(TIMELINE_EVENT_LABELS[procedure]).toBeDefined();
    }
  });
});
