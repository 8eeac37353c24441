import { type CaseEntity, CaseRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface TestCaseOptions {
  /** The case's municipality (a CMM ISTAT code, e.g. '015146' Milano), or null for a CMM-wide case. */
  istatCode: string | null;
  type?: string;
  title?: string;
}

/**
 * Opens a case straight in the read model, with a unique reference and workflow id, so
 * tests of the timeline, the registry or documents need no running workflow. The case's
 * municipality is added from the seed list if the test database does not have it yet.
 */
export async function openTestCase(dataSource: DataSource, options: TestCaseOptions): Promise<CaseEntity> {
  if (options.istatCode) {
    const municipalities = new MunicipalityRepository(dataSource);
    if (!(await municipalities.findByIstatCode(options.istatCode))) {
      const known = (await readMunicipalities()).find((m) => m.istatCode === options.istatCode);
      if (!known) throw new Error(`openTestCase: ${options.istatCode} is not a municipality of the Città metropolitana di Milano`);
      await municipalities.upsertNames([known]);
    }
  }
  const id = randomUUID();
  const type = options.type ?? 'compatibility-evaluation';
  return new CaseRepository(dataSource).open({
    id,
    type,
    reference: `TEST-${id.slice(0, 13).toUpperCase()}`,
    title: options.title ?? `Pratica di prova ${id.slice(0, 8)}`,
    istatCode: options.istatCode,
    state: 'open',
    phase: null,
    workflowId: `${type}-${id}`,
    parentCaseId: null,
    businessKey: null,
    openedAt: new Date(),
  });
}
