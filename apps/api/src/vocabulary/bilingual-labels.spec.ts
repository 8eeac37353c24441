import { PROCEDURE_TYPES, readableId, timelineEventLabel } from '@cmm/domain';
import { DOCUMENT_UPLOADED } from '../documents/documents.service';
import { REGISTRY_TIMELINE_EVENTS } from '../registry/registry.service';
import { TimelineEventDto } from '../timeline/timeline.dto';

// The API records these types from constants of its own (the domain's source scan sees literals only).
describe('the timeline types the API records', () => {
  it('have words on the case of every procedure', () => {
    for (const type of [DOCUMENT_UPLOADED, ...Object.values(REGISTRY_TIMELINE_EVENTS)]) {
      for (const procedure of PROCEDURE_TYPES)
        expect([procedure, type, timelineEventLabel(procedure, type)]).not.toEqual([procedure, type, readableId(type)]);
    }
  });

  it('are answered with their label, the stored type unchanged', () => {
    const stored = {
      caseId: 'c',
      seq: 3,
      occurredAt: new Date('2027-03-02T08:00:00.000Z'),
      actorSubject: 'comune-015146',
      actorRole: 'comune',
      type: REGISTRY_TIMELINE_EVENTS.registered,
      payload: { number: '2027/0000001' },
      hash: 'b'.repeat(64),
      prevHash: 'a'.repeat(64),
    };
    expect(TimelineEventDto.from(stored, 'adhesion')).toMatchObject({
      type: 'registry-entry-registered',
      label: { it: 'Registrazione di protocollo', en: 'Registry entry recorded' },
    });
  });
});
