import { TimelineVerificationDto } from './timeline.dto';

describe('TimelineVerificationDto', () => {
  const broken = { valid: false as const, events: 4, brokenAt: 3, reason: 'event 3 is missing' };

  it('answers the reason of a broken chain in Italian by default and in English on request, the rest unchanged', () => {
    expect(TimelineVerificationDto.from(broken)).toEqual({ valid: false, events: 4, brokenAt: 3, reason: "manca l'evento 3" });
    expect(TimelineVerificationDto.from(broken, 'en')).toEqual({ valid: false, events: 4, brokenAt: 3, reason: 'event 3 is missing' });
  });

  it('has no reason for an intact chain', () => {
    expect(TimelineVerificationDto.from({ valid: true, events: 2 }, 'en')).toEqual({ valid: true, events: 2 });
  });
});
