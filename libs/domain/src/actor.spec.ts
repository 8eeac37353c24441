import { ACTOR_ROLES, SYSTEM_ACTOR } from './actor';

describe('actors', () => {
  it('records what the engine does by itself under its own role, not an administrator', () => {
    expect(SYSTEM_ACTOR).toMatchObject({ subject: 'system:workflow', role: 'system', istatCode: null });
    expect(ACTOR_ROLES).toEqual(['officer', 'manager', 'comune', 'mayor_office', 'admin', 'system']);
  });
});
