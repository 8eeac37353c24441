import type { NotificationIntent } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { type CaseRepository, type MunicipalityRepository, municipalityOfficialName } from '@cmm/persistence';
import type { EntityManager } from 'typeorm';

export interface Recipient {
  address: string;
  name?: string;
  istatCode?: string;
  role?: string;
}

/**
 * Workflows name recipients by their part in the case; the addresses come from the read
 * model at send time: the municipality's PEC (or, until an administrator records it, the
 * address of whoever submitted), CMM's procedure mailbox, or the acting user.
 */
export async function resolveRecipients(
  { cases, municipalities }: { cases: CaseRepository; municipalities: MunicipalityRepository },
  tx: EntityManager,
  caseId: string,
  to: NotificationIntent['to'],
  actor: Actor,
  officersMailbox: string,
): Promise<Recipient[]> {
  if (to === 'officers')
    return [{ address: officersMailbox, name: 'Città metropolitana di Milano — Pianificazione territoriale', role: 'officer' }];
  if (to === 'actor') return actor.email ? [{ address: actor.email, name: actor.name, role: actor.role }] : [];
  if (to === 'all-municipalities') {
    // Metropolitan procedures (the STTM conferenza istruttoria) invite every municipality by PEC.
    const invited = await municipalities.withPec(tx);
    return invited.map((m) => ({ address: m.pec, name: municipalityOfficialName(m.name), istatCode: m.istatCode, role: 'comune' }));
  }
  if (typeof to === 'object' && 'addresses' in to)
    return to.addresses.filter((a) => a.address).map((a) => ({ address: a.address, name: a.name }));
  if (to === 'parties' || typeof to === 'object') {
    // Each municipality taking part, by its PEC: a conference's convened municipalities, an agreement's parties.
    const wanted = typeof to === 'object' ? new Set(to.municipalities) : null;
    const parties = await cases.parties(caseId, tx);
    return parties
      .filter((p) => p.pec && (!wanted || wanted.has(p.istatCode)))
      .map((p) => ({ address: p.pec as string, name: municipalityOfficialName(p.name), istatCode: p.istatCode, role: 'comune' }));
  }
  const summary = await cases.summary(caseId, tx);
  const address = summary?.pec ?? summary?.contactEmail;
  return summary && address
    ? [
        {
          address,
          name: summary.municipality ? municipalityOfficialName(summary.municipality) : address,
          istatCode: summary.istatCode ?? undefined,
          role: 'comune',
        },
      ]
    : [];
}
