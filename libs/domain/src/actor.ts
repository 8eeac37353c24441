/**
 * The roles an actor acts in. The first five are people as the API authenticated them;
 * `system` is the procedure engine itself recording what happens by law or by time (a term
 * expiring, an evaluation deemed favourable, a registration): no person holds it and no
 * token can carry it, so the timeline never attributes those events to an administrator.
 */
export const ACTOR_ROLES = ['officer', 'manager', 'comune', 'mayor_office', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Who performs an action, as the API authenticated them (never as a client claims), or the system itself. */
export interface Actor {
  subject: string;
  name: string;
  email: string | null;
  role: ActorRole;
  istatCode: string | null;
}

export const SYSTEM_ACTOR: Actor = { subject: 'system:workflow', name: 'Sistema', email: null, role: 'system', istatCode: null };
