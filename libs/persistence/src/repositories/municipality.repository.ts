import type { DataSource, Repository } from 'typeorm';
import { MunicipalityEntity } from '../entities/municipality.entity';

export interface MunicipalityRow {
  istatCode: string;
  name: string;
}

export class MunicipalityRepository {
  private readonly rows: Repository<MunicipalityEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(MunicipalityEntity);
  }

  /**
   * Inserts new municipalities and corrects names; fields maintained by administrators
   * (zone, PEC, mayor's office) are left as they are.
   */
  async upsertNames(municipalities: readonly MunicipalityRow[]): Promise<void> {
    await this.rows.upsert(municipalities.map((m) => ({ istatCode: m.istatCode, name: m.name })), {
      conflictPaths: ['istatCode'],
      skipUpdateIfNoValuesChanged: true,
    });
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
}
