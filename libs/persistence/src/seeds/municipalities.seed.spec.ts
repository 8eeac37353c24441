import { CMM_MUNICIPALITY_COUNT, CMM_ZONES, parseMunicipalitiesCsv, readMunicipalities } from './municipalities.seed';

describe('municipalities seed', () => {
  it('holds the 133 municipalities of the Città metropolitana with unique ISTAT codes', async () => {
    const rows = await readMunicipalities();
    expect(rows).toHaveLength(CMM_MUNICIPALITY_COUNT);
    expect(new Set(rows.map((r) => r.istatCode)).size).toBe(CMM_MUNICIPALITY_COUNT);
    expect(rows).toContainEqual({ istatCode: '015146', name: 'Milano', zone: 'Milano' });
    expect(rows).toContainEqual({ istatCode: '015059', name: "Cassano d'Adda", zone: 'Adda Martesana' });
  });

  it('assigns every municipality to one zona omogenea: Milano alone, the others to the seven zones', async () => {
    const rows = await readMunicipalities();
    const count = (zone: string) => rows.filter((r) => r.zone === zone).length;
    expect(rows.every((r) => (CMM_ZONES as readonly (string | null | undefined)[]).includes(r.zone))).toBe(true);
    expect(Object.fromEntries(CMM_ZONES.map((zone) => [zone, count(zone)]))).toEqual({
      Milano: 1,
      'Nord Milano': 6,
      'Nord Ovest': 17,
      'Alto Milanese': 22,
      'Magentino e Abbiatense': 27,
      'Sud Ovest': 17,
      'Sud Est': 15,
      'Adda Martesana': 28,
    });
    const zoneOf = (name: string) => rows.find((r) => r.name === name)?.zone;
    expect([zoneOf('Rho'), zoneOf('Legnano'), zoneOf('Sesto San Giovanni'), zoneOf('Rozzano'), zoneOf('Abbiategrasso')]).toEqual([
      'Nord Ovest',
      'Alto Milanese',
      'Nord Milano',
      'Sud Ovest',
      'Magentino e Abbiatense',
    ]);
  });

  it('reads quoted fields and names the bad line', () => {
    expect(parseMunicipalitiesCsv('istat_code,name,zone\n015999,"Borgo, ""Nuovo""",Sud Est\n015998,Senzazona,\n')).toEqual([
      { istatCode: '015999', name: 'Borgo, "Nuovo"', zone: 'Sud Est' },
      { istatCode: '015998', name: 'Senzazona', zone: null },
    ]);
    expect(() => parseMunicipalitiesCsv('istat_code,name,zone\n15146,Milano,Milano\n')).toThrow(/line 2/);
    expect(() => parseMunicipalitiesCsv('istat_code,name,zone\n015146,Milano,Rhodense\n')).toThrow(
      /line 2: "Rhodense" is not a zona omogenea/,
    );
  });
});
