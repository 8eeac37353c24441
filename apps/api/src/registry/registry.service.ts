import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import {
  RegistryAlreadyAnnulledError,
  RegistryCaseNotFoundError,
  type RegistryEntryView,
  RegistryRepository,
  TimelineRepository,
} from '@cmm/persistence';
import { DataSource } from 'typeorm';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import type { RegisterEntryDto } from './registry.dto';

/** Timeline event types written by the registry (persistent names: never rename). */
export const REGISTRY_TIMELINE_EVENTS = {
  registered: 'registry-entry-registered',
  annulled: 'registry-entry-annulled',
} as const;

@Injectable()
export class RegistryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: RegistryRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  /**
   * A registration linked to a case is recorded on the case's timeline in the same
   * transaction: both commit or neither. The timeline payload carries the protocol number,
   * not correspondent and subject: the municipality reads its case's timeline but has no
   * access to the register itself.
   */
  async register(principal: Principal, dto: RegisterEntryDto): Promise<RegistryEntryView> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const entry = await this.registry.register(
          {
            direction: dto.direction,
            correspondent: dto.correspondent,
            subject: dto.subject,
            caseId: dto.caseId ?? null,
            documentSha256: dto.documentSha256 ?? null,
            registeredBy: principal.subject,
          },
          tx,
        );
        if (entry.caseId) {
          await this.timeline.append(
            {
              caseId: entry.caseId,
              actor: { subject: principal.subject, role: principal.role },
              type: REGISTRY_TIMELINE_EVENTS.registered,
              payload: {
                entryId: entry.id,
                protocolNumber: entry.protocolNumber,
                direction: entry.direction,
                registeredAt: entry.registeredAt.toISOString(),
                documentSha256: entry.documentSha256,
              },
            },
            tx,
          );
        }
        return entry;
      });
    } catch (error) {
      if (error instanceof RegistryCaseNotFoundError) {
        throw new InvalidParamsException(
          [
            {
              name: 'caseId',
              rule: 'existingCase',
              reason: { it: `la pratica ${error.caseId} non esiste`, en: `case ${error.caseId} does not exist` },
            },
          ],
          422,
        );
      }
      throw error;
    }
  }

  async find(entryId: string): Promise<RegistryEntryView> {
    const entry = await this.registry.find(entryId);
    if (!entry)
      throw new ProblemException(404, {
        it: `registrazione di protocollo ${entryId} non trovata`,
        en: `registry entry ${entryId} not found`,
      });
    return entry;
  }

  async annul(principal: Principal, entryId: string, reason: string): Promise<RegistryEntryView> {
    let annulled: RegistryEntryView | null;
    try {
      annulled = await this.dataSource.transaction(async (tx) => {
        const entry = await this.registry.annul(entryId, reason, principal.subject, tx);
        if (entry?.caseId) {
          await this.timeline.append(
            {
              caseId: entry.caseId,
              actor: { subject: principal.subject, role: principal.role },
              type: REGISTRY_TIMELINE_EVENTS.annulled,
              payload: { entryId: entry.id, protocolNumber: entry.protocolNumber },
            },
            tx,
          );
        }
        return entry;
      });
    } catch (error) {
      if (error instanceof RegistryAlreadyAnnulledError) {
        const entry = await this.find(entryId);
        throw new ProblemException(
          409,
          {
            it: `la registrazione di protocollo ${entry.protocolNumber} è già annullata`,
            en: `registry entry ${entry.protocolNumber} is already annulled`,
          },
          {
            protocolNumber: entry.protocolNumber,
            annulledAt: entry.annulment?.annulledAt.toISOString(),
            annulledBy: entry.annulment?.annulledBy,
          },
        );
      }
      throw error;
    }
    if (!annulled)
      throw new ProblemException(404, {
        it: `registrazione di protocollo ${entryId} non trovata`,
        en: `registry entry ${entryId} not found`,
      });
    return annulled;
  }

  forDay(day: string): Promise<RegistryEntryView[]> {
    return this.registry.forDay(day);
  }
}
