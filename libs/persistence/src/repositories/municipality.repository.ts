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

  findByIstatCode(istatCode: string): Promise<MunicipalityEntity | null> {
    return this.rows.findOneBy({ istatCode });
  }
}
