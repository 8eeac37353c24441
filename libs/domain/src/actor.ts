/** Who performs an action, as the API authenticated them (never as a client claims). */
export interface Actor {
  subject: string;
  name: string;
  email: string | null;
  role: 'officer' | 'manager' | 'comune' | 'mayor_office' | 'admin';
  istatCode: string | null;
}

export const SYSTEM_ACTOR: Actor = { subject: 'system:workflow', name: 'Sistema', email: null, role: 'admin', istatCode: null };
