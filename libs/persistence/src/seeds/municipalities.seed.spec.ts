import { CMM_MUNICIPALITY_COUNT, parseMunicipalitiesCsv, readMunicipalities } from './municipalities.seed';

describe('municipalities seed', () => {
  it('holds the 133 municipalities of the Città metropolitana with unique ISTAT codes', async () => {
    const rows = await readMunicipalities();
    expect(rows).toHaveLength(CMM_MUNICIPALITY_COUNT);
    expect(new Set(rows.map((r) => r.istatCode)).size).toBe(CMM_MUNICIPALITY_COUNT);
    expect(rows).toContainEqual({ istatCode: '015146', name: 'Milano' });
    expect(rows).toContainEqual({ istatCode: '015059', name: "Cassano d'Adda" });
  });

  it('reads quoted fields and names the bad line', () => {
    expect(parseMunicipalitiesCsv('istat_code,name\n015999,"Borgo, ""Nuovo"""\n')).toEqual([
      { istatCode: '015999', name: 'Borgo, "Nuovo"' },
    ]);
    expect(() => parseMunicipalitiesCsv('istat_code,name\n15146,Milano\n')).toThrow(/line 2/);
  });
});
