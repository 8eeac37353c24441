/** The users' roles (docs/architecture.md, Access); the municipal ones are scoped to one ISTAT code. */
export const ROLES = ['officer', 'manager', 'comune', 'mayor_office', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const MUNICIPAL_ROLES: readonly Role[] = ['comune', 'mayor_office'];
/** CMM staff: they see every municipality's cases. */
export const CMM_ROLES: readonly Role[] = ['officer', 'manager', 'admin'];

/** Who is calling, as proved by the token: never taken from the request body. */
export interface Principal {
  subject: string;
  name: string;
  email: string | null;
  role: Role;
  /** Set exactly for the municipal roles. */
  istatCode: string | null;
}

export const isMunicipal = (principal: Principal): boolean => MUNICIPAL_ROLES.includes(principal.role);
