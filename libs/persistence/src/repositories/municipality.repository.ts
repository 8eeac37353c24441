import type { DataSource, EntityManager, Repository } from 'typeorm';
import { MunicipalityEntity } from '../entities/municipality.entity';

export interface MunicipalityRow {
  istatCode: string;
  name: string;
  /** The zona omogenea of the Città metropolitana (seed data); absent: not known to the seed. */
  zone?: string | null;
}

/**
 * How the registry and the notices name a municipality as correspondent: its official name,
 * "Comune di <name>" (the municipalities table holds the ISTAT denomination, e.g. "Rho").
 * Every writer of a correspondent goes through here, so one entity is never "Rho" in one
 * entry and "Comune di Rho" in the next.
 */
export const municipalityOfficialName = (name: string): string => `Comune di ${name}`;

/** Several municipalities as one correspondent: "Comuni di Assago, Opera e Rozzano". */
export function municipalitiesOfficialName(names: readonly string[]): string {
  if (names.length === 1) return municipalityOfficialName(names[0]);
  return `Comuni di ${names.slice(0, -1).join(', ')} e ${names[names.length - 1]}`;
}

export class MunicipalityRepository {
  private readonly rows: Repository<MunicipalityEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(MunicipalityEntity);
  }

  /**
   * Inserts new municipalities and corrects names; fills a zone the seed knows only where none
   * is recorded. Fields maintained by administrators (a zone they set, PEC, mayor's office) are
   * left as they are.
   */
  async upsertNames(municipalities: readonly MunicipalityRow[]): Promise<void> {
    await this.rows.upsert(
      municipalities.map((m) => ({ istatCode: m.istatCode, name: m.name })),
      {
        conflictPaths: ['istatCode'],
        skipUpdateIfNoValuesChanged: true,
      },
    );
    const zoned = municipalities.filter((m) => m.zone);
    if (zoned.length > 0) {
      await this.rows.query(
        `UPDATE municipalities m SET zone = seed.zone
           FROM unnest($1::text[], $2::text[]) AS seed(istat_code, zone)
          WHERE m.istat_code = seed.istat_code AND m.zone IS NULL`,
        [zoned.map((m) => m.istatCode), zoned.map((m) => m.zone)],
      );
    }
  }

  count(): Promise<number> {
    return this.rows.count();
  }

  list(): Promise<MunicipalityEntity[]> {
    return this.rows.find({ order: { istatCode: 'ASC' } });
  }

  /**
   * Where the municipality receives acts and convocations: its PEC (from the IPA index) and the
   * mayor's office. Returns false for an unknown municipality.
   */
  async setContacts(istatCode: string, contacts: { pec: string | null; mayorOfficeEmail: string | null }): Promise<boolean> {
    const result = await this.rows.update({ istatCode }, contacts);
    return (result.affected ?? 0) > 0;
  }

  findByIstatCode(istatCode: string): Promise<MunicipalityEntity | null> {
    return this.rows.findOneBy({ istatCode });
  }

  /**
   * The ISTAT names of municipalities by their codes, in the caller's transaction when given;
   * an unknown code is absent from the map.
   */
  async namesByIstat(istatCodes: readonly string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (istatCodes.length === 0) return new Map();
    const rows: { istat_code: string; name: string }[] = await (tx ?? this.rows.manager).query(
      'SELECT istat_code, name FROM municipalities WHERE istat_code = ANY($1)',
      [[...new Set(istatCodes)]],
    );
    return new Map(rows.map((row) => [row.istat_code, row.name]));
  }

  /** The ISTAT name of a municipality the caller knows to exist (a filer, a party): an unknown code is an error. */
  async nameOf(istatCode: string, tx?: EntityManager): Promise<string> {
    const name = (await this.namesByIstat([istatCode], tx)).get(istatCode);
    if (name === undefined) throw new Error(`municipality ${istatCode} is not in the municipalities table`);
    return name;
  }

  /** Every municipality whose PEC is recorded, in ISTAT code order: where metropolitan procedures invite all of them. */
  async withPec(tx?: EntityManager): Promise<{ istatCode: string; name: string; pec: string }[]> {
    const rows: { istat_code: string; name: string; pec: string }[] = await (tx ?? this.rows.manager).query(
      'SELECT istat_code, name, pec FROM municipalities WHERE pec IS NOT NULL ORDER BY istat_code',
    );
    return rows.map((row) => ({ istatCode: row.istat_code, name: row.name, pec: row.pec }));
  }

  /** The official name of a municipality as correspondent; null for an unknown ISTAT code. */
  async officialName(istatCode: string, tx?: EntityManager): Promise<string | null> {
    const found = await (tx ? tx.getRepository(MunicipalityEntity) : this.rows).findOneBy({ istatCode });
    return found ? municipalityOfficialName(found.name) : null;
  }
}
