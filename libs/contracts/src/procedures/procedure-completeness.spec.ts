// Fails when a procedure lacks one of its parts (docs/adding-a-procedure.md): its descriptor,
// its workflow in the worker's bundle, its domain machine and states in words, its terms in the
// rulebook, its notices in the catalogue (Italian and English), a recorded history to replay.
import { CASE_STATE_LABELS, PROCEDURE_TYPES } from '@cmm/domain';
import { listRules } from '@cmm/legal-calendar';
import { TEMPLATES, renderTemplate } from '@cmm/notifications';
import * as workflows from '@cmm/workflows';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_IDS } from '../notice-templates';
import { SYSTEM_PROBE_WORKFLOW } from '../system-probe.contract';
import { PROCEDURES, PROCEDURE_DESCRIPTORS, procedureDescriptor } from './index';

const WORKFLOWS_DIR = join(__dirname, '..', '..', '..', '..', 'workflows');
/** Workflow types that are no procedure of their own. */
const NOT_PROCEDURES: readonly string[] = [SYSTEM_PROBE_WORKFLOW];
/** Notices that belong to no procedure: the officers' daily digest is the notifier's. */
const SYSTEM_NOTICES: readonly string[] = ['officer-daily-digest'];

/** The workflow types of the histories recorded under workflows/<procedure>/histories/. */
const recordedTypes = (procedure: string): string[] => {
  const dir = join(WORKFLOWS_DIR, procedure, 'histories');
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.map((file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      events?: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[];
    };
    return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
  });
};

describe('every procedure has all its parts', () => {
  it('has one descriptor per procedure type, under its own code name', () => {
    expect(Object.keys(PROCEDURES)).toEqual([...PROCEDURE_TYPES]);
    for (const [type, descriptor] of Object.entries(PROCEDURES)) expect(descriptor.type).toBe(type);
    expect(procedureDescriptor('adhesion')).toBe(PROCEDURES.adhesion);
    expect(procedureDescriptor('constructor')).toBeUndefined();
  });

  it('names distinct workflow types, workflow ids and case reference prefixes', () => {
    const distinct = (values: unknown[]) => new Set(values).size === values.length;
    expect(distinct(PROCEDURE_DESCRIPTORS.map((d) => d.workflowType))).toBe(true);
    expect(distinct(PROCEDURE_DESCRIPTORS.map((d) => d.workflowId('key' as never)))).toBe(true);
    const prefixes = PROCEDURE_DESCRIPTORS.map((d) => d.referencePrefix).filter((p) => p !== null);
    expect(distinct(prefixes)).toBe(true);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[A-Z]{2,5}$/);
  });

  describe.each(PROCEDURE_DESCRIPTORS.map((d) => [d.type, d] as const))('%s', (type, descriptor) => {
    it('is in the workflow bundle (workflows/index.ts exports its workflow type)', () => {
      expect(typeof (workflows as Record<string, unknown>)[descriptor.workflowType]).toBe('function');
    });

    it('has a domain machine: it starts in one of its states, not a closing one, and decides events', () => {
      expect(typeof descriptor.machine.nextState).toBe('function');
      const initial = descriptor.machine.initialStatus().state;
      expect(descriptor.states).toContain(initial);
      expect(descriptor.terminalStates).not.toContain(initial);
      expect(new Set(descriptor.states).size).toBe(descriptor.states.length);
      for (const state of descriptor.terminalStates) expect(descriptor.states).toContain(state);
    });

    it('has words for exactly its states', () => {
      expect(Object.keys(CASE_STATE_LABELS[type]).sort()).toEqual([...descriptor.states].sort());
    });

    it('has its terms in the rulebook, or says it has none', () => {
      const prefix = descriptor.terms === 'none' ? `${type}.` : descriptor.terms.rulePrefix;
      const rules = listRules().filter((rule) => rule.id.startsWith(prefix));
      if (descriptor.terms === 'none') expect(rules.map((r) => r.id)).toEqual([]);
      else expect(rules.length).toBeGreaterThan(0);
    });

    it('has every notice it sends in the catalogue, in Italian and in English', () => {
      expect(descriptor.templateIds.length).toBeGreaterThan(0);
      for (const templateId of descriptor.templateIds) {
        expect([templateId, Object.hasOwn(TEMPLATES, templateId)]).toEqual([templateId, true]);
        const it = renderTemplate(templateId, 'it', {});
        const en = renderTemplate(templateId, 'en', {});
        expect([templateId, it.subject.trim().length > 0, en.subject.trim().length > 0, it.subject !== en.subject]).toEqual([
          templateId,
          true,
          true,
          true,
        ]);
      }
    });

    it('has at least one recorded history of its workflow (workflows/<procedure>/histories/)', () => {
      expect(recordedTypes(type)).toContain(descriptor.workflowType);
    });
  });

  it('describes every workflow type the worker registers, other than the system probe', () => {
    const described = new Set<string>(PROCEDURE_DESCRIPTORS.map((d) => d.workflowType));
    expect(Object.keys(workflows).filter((name) => !described.has(name) && !NOT_PROCEDURES.includes(name))).toEqual([]);
  });

  it('has every notice template sent by a procedure, or by the system', () => {
    const sent = new Set<string>([...PROCEDURE_DESCRIPTORS.flatMap((d) => d.templateIds), ...SYSTEM_NOTICES]);
    expect(TEMPLATE_IDS.filter((id) => !sent.has(id))).toEqual([]);
  });
});
