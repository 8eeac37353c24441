import type { JWTPayload } from 'jose';
import { ROLES, type Role } from './principal';

/** Which claims of the identity provider carry role and ISTAT code, and how its role values map to ours. */
export interface ClaimMapping {
  roleClaim: string;
  istatClaim: string;
  /** Provider value → our role; empty: the provider already speaks our role names. */
  roleMap: ReadonlyMap<string, Role>;
}

export const IDENTITY_CLAIM_MAPPING: ClaimMapping = { roleClaim: 'role', istatClaim: 'istat', roleMap: new Map() };

/** Parses `value=role,value=role` (AUTH_ROLE_MAP); configuration validation has checked the shape. */
export function parseRoleMap(text: string | undefined): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of (text ?? '').split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (!ROLES.includes(role as Role)) throw new Error(`AUTH_ROLE_MAP: "${role}" is not one of ${ROLES.join(', ')}`);
    map.set(value, role as Role);
  }
  return map;
}

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      payload,
    );

/**
 * Rewrites the provider's claims into ours (`role`, `istat`) so the verifier checks one shape.
 * A role claim may be a list (Keycloak's realm roles, groups): the first value that maps to one
 * of our roles wins, in the order of our role list so the result does not depend on the
 * provider's ordering. With a role map, unmapped values are ignored, never taken verbatim: a
 * provider role that happens to be called "admin" grants nothing unless mapped.
 */
export function applyClaimMapping(payload: JWTPayload, mapping: ClaimMapping): JWTPayload {
  if (mapping === IDENTITY_CLAIM_MAPPING) return payload;
  const raw = claimAt(payload, mapping.roleClaim);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string');
  const translated = values.flatMap((value) => {
    if (mapping.roleMap.size === 0) return ROLES.includes(value as Role) ? [value as Role] : [];
    const role = mapping.roleMap.get(value);
    return role ? [role] : [];
  });
  const role = ROLES.find((candidate) => translated.includes(candidate));
  const istat = claimAt(payload, mapping.istatClaim);
  const rest: JWTPayload = { ...payload };
  delete rest.role;
  delete rest.istat;
  return {
    ...rest,
    // Nothing matched: a value no role can equal, naming what the provider sent for the refusal.
    role: role ?? `unmapped(${values.length > 0 ? values.join(',') : String(raw)})`,
    ...(istat === undefined ? {} : { istat: typeof istat === 'number' ? String(istat).padStart(6, '0') : istat }),
  };
}

/** The mapping a deployment configured; our own claim names and no role map is the identity. */
export function claimMappingFrom(options: { roleClaim: string; istatClaim: string; roleMap?: string }): ClaimMapping {
  const roleMap = parseRoleMap(options.roleMap);
  if (options.roleClaim === 'role' && options.istatClaim === 'istat' && roleMap.size === 0) return IDENTITY_CLAIM_MAPPING;
  return { roleClaim: options.roleClaim, istatClaim: options.istatClaim, roleMap };
}
