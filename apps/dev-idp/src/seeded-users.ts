import type { Role } from '@cmm/auth';

/** A user of the development identity provider: the claims the API reads, nothing else. */
export interface SeededUser {
  username: string;
  role: Role;
  /** Six-digit ISTAT code, exactly for the municipal roles. */
  istat: string | null;
  name: string;
  email: string;
}

/** The one password of every seeded user: this provider exists for development only. */
export const SEEDED_PASSWORD = 'sviluppo';

const municipality = (slug: string, istat: string, town: string): SeededUser[] => [
  { username: `comune-${slug}`, role: 'comune', istat, name: `Ufficio urbanistica ${town}`, email: `urbanistica.${slug}@comuni.invalid` },
  {
    username: `sindaco-${slug}`,
    role: 'mayor_office',
    istat,
    name: `Segreteria del Sindaco di ${town}`,
    email: `sindaco.${slug}@comuni.invalid`,
  },
];

/**
 * Every role, and the municipal roles for three municipalities (Milano, Rho, Legnano: real
 * ISTAT codes of the seeded CMM list), so visibility rules can be tried across municipalities.
 */
export const SEEDED_USERS: readonly SeededUser[] = [
  { username: 'funzionario1', role: 'officer', istat: null, name: 'Giulia Ferrari', email: 'giulia.ferrari@cittametropolitana.mi.invalid' },
  { username: 'funzionario2', role: 'officer', istat: null, name: 'Marco Colombo', email: 'marco.colombo@cittametropolitana.mi.invalid' },
  { username: 'dirigente', role: 'manager', istat: null, name: 'Elena Ricci', email: 'elena.ricci@cittametropolitana.mi.invalid' },
  { username: 'amministratore', role: 'admin', istat: null, name: 'Paolo Bianchi', email: 'paolo.bianchi@cittametropolitana.mi.invalid' },
  ...municipality('milano', '015146', 'Milano'),
  ...municipality('rho', '015182', 'Rho'),
  ...municipality('legnano', '015118', 'Legnano'),
];

export const ROLE_LABELS_IT: Record<Role, string> = {
  officer: 'funzionario CMM',
  manager: 'dirigente CMM',
  admin: 'amministratore',
  comune: 'Comune',
  mayor_office: 'ufficio del Sindaco',
};

export const findSeededUser = (username: string): SeededUser | undefined => SEEDED_USERS.find((user) => user.username === username);

/** Claims of a user as the API reads them (libs/auth token-verifier): role, istat, name, email. */
export const claimsOf = (user: SeededUser): Record<string, string> => ({
  role: user.role,
  ...(user.istat ? { istat: user.istat } : {}),
  name: user.name,
  email: user.email,
});
