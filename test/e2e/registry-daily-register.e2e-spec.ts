// The daily register (registro giornaliero di protocollo) through HTTP: the entries of one
// Rome calendar day in number order, as JSON or as a CSV file Excel opens correctly.
import { createApp } from '../../apps/api/src/create-app';
import { RegistryRepository } from '@cmm/persistence';
import {
  type TestDatabase,
  type TestIssuer,
  createTestDatabase,
  createTestIssuer,
  openTestCase,
  pdfaViolations,
  validatePdfa,
} from '@cmm/test-support';
import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

/** RFC 4180 reader for the checks: quoted fields, doubled quotes, CRLF records. */
const parseCsv = (text: string, separator = ';'): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === separator) {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
};

describe('daily register through HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;
  let issuer: TestIssuer;
  let caseReference: string;
  const ids: Record<'lateEvening' | 'midnight' | 'morning' | 'lastSecond' | 'nextDay', string> = {} as never;

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    // Registrations at fixed instants around the edges of 2 March 2026 in Rome (UTC+1).
    const registry = new RegistryRepository(db.dataSource);
    const opened = await openTestCase(db.dataSource, { istatCode: '015146', title: 'PGT Milano' });
    caseReference = opened.reference;
    const at = async (iso: string, extra: Partial<Parameters<RegistryRepository['register']>[0]> = {}) =>
      (
        await registry.register({
          direction: 'in',
          correspondent: 'Comune di Milano',
          subject: `Registrato alle ${iso}`,
          registeredBy: 'officer-1',
          registeredAt: new Date(iso),
          ...extra,
        })
      ).id;
    ids.lateEvening = await at('2026-03-01T22:59:59Z');
    ids.midnight = await at('2026-03-01T23:00:00Z', {
      direction: 'out',
      correspondent: 'Studio "Verdi, Neri"',
      subject: 'Convocazione\nconferenza',
      caseId: opened.id,
      documentSha256: 'c'.repeat(64),
    });
    ids.morning = await at('2026-03-02T08:15:30Z', { correspondent: '=HYPERLINK("http://example.invalid")' });
    ids.lastSecond = await at('2026-03-02T22:59:59Z');
    ids.nextDay = await at('2026-03-02T23:00:00Z');
    await registry.annul(ids.morning, 'Protocollato per errore, oggetto "sbagliato"', 'manager-1');

    issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists the day in Rome, in number order, annulled entries included (JSON by default)', async () => {
    const response = await http().get('/registry/daily-register?date=2026-03-02').set('Authorization', officer).expect(200);
    expect(response.body.date).toBe('2026-03-02');
    expect(response.body.register).toBe('generale');
    expect(response.body.entries.map((e: { id: string }) => e.id)).toEqual([ids.midnight, ids.morning, ids.lastSecond]);
    expect(response.body.entries.map((e: { protocolNumber: string }) => e.protocolNumber)).toEqual([
      '2026/0000002',
      '2026/0000003',
      '2026/0000004',
    ]);
    expect(response.body.entries[1].annulment).toMatchObject({
      reason: 'Protocollato per errore, oggetto "sbagliato"',
      annulledBy: 'manager-1',
    });
  });

  it('exports the day as a CSV attachment, UTF-8 with BOM, ; by default (Italian Excel), Italian columns and Rome times', async () => {
    const response = await http()
      .get('/registry/daily-register?date=2026-03-02&format=csv')
      .set('Authorization', officer)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="registro-giornaliero-2026-03-02.csv"');
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.includes('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFnumero;data_registrazione;ora;direzione;corrispondente;oggetto;pratica;impronta_sha256;annullata;motivo_annullamento',
    );

    // The same rows with separator=comma (RFC 4180 literally), and a bad separator refused naming the field.
    const comma = await http()
      .get('/registry/daily-register?date=2026-03-02&format=csv&separator=comma')
      .set('Authorization', officer)
      .expect(200);
    expect(comma.text.startsWith('\uFEFFnumero,data_registrazione,')).toBe(true);
    expect(parseCsv(comma.text.slice(1), ',')).toEqual(parseCsv(text.slice(1)));
    const refused = await http()
      .get('/registry/daily-register?date=2026-03-02&format=csv&separator=tab')
      .set('Authorization', officer)
      .expect(400);
    expect(refused.body['invalid-params']).toEqual([expect.objectContaining({ name: 'separator' })]);

    const rows = parseCsv(text.slice(1));
    expect(rows).toEqual([
      [
        'numero',
        'data_registrazione',
        'ora',
        'direzione',
        'corrispondente',
        'oggetto',
        'pratica',
        'impronta_sha256',
        'annullata',
        'motivo_annullamento',
      ],
      [
        '2026/0000002',
        '02/03/2026',
        '00:00:00',
        'uscita',
        'Studio "Verdi, Neri"',
        'Convocazione\nconferenza',
        caseReference,
        'c'.repeat(64),
        'no',
        '',
      ],
      [
        '2026/0000003',
        '02/03/2026',
        '09:15:30',
        'entrata',
        `'=HYPERLINK("http://example.invalid")`,
        'Registrato alle 2026-03-02T08:15:30Z',
        '',
        '',
        'sì',
        'Protocollato per errore, oggetto "sbagliato"',
      ],
      ['2026/0000004', '02/03/2026', '23:59:59', 'entrata', 'Comune di Milano', 'Registrato alle 2026-03-02T22:59:59Z', '', '', 'no', ''],
    ]);
  });

  it('gives the day as a PDF/A-2b document (registro giornaliero, DPCM 3/12/2013 art. 7 c.5), the same bytes while the day does not change', async () => {
    const pdf = () =>
      http()
        .get('/registry/daily-register?date=2026-03-02&format=pdf')
        .set('Authorization', officer)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const response = await pdf();
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="registro-giornaliero-2026-03-02.pdf"');
    const bytes = response.body as Buffer;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(response.headers).toMatchObject({ etag: `"${sha256}"`, 'x-content-sha256': sha256 });
    expect((await pdf()).headers['x-content-sha256']).toBe(sha256);

    const { register } = await validatePdfa({ register: bytes }, { text: true });
    expect(pdfaViolations(register)).toEqual([]);
    expect(register.claimed).toBe('2b');
    expect(register.fonts.every((font) => font.embedded)).toBe(true);
    const text = (register.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Registro giornaliero di protocollo del 02/03/2026');
    expect(text).toContain('3, dal n. 2026/0000002 al n. 2026/0000004 (1 annullate)');
    expect(text).toContain('2026/0000002 00:00:00 uscita Studio "Verdi, Neri" Convocazione conferenza');
    // A long reference may wrap inside its cell.
    expect(text.replace(/ /g, '')).toContain(caseReference);
    expect(text).toContain('annullata: Protocollato per errore, oggetto "sbagliato"');
    expect(text).toContain('2026/0000004 23:59:59 entrata Comune di Milano');
    expect(text).not.toContain('2026/0000001 ');
    expect(text).not.toContain('2026/0000005 ');
  });

  it('keeps the register from municipalities in every format', async () => {
    const comune = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: '015146' });
    for (const format of ['json', 'csv', 'pdf']) {
      await http().get(`/registry/daily-register?date=2026-03-02&format=${format}`).set('Authorization', comune).expect(403);
    }
  });

  it('answers a day without registrations with no entries (and a CSV with only the header)', async () => {
    const json = await http().get('/registry/daily-register?date=2026-03-04').set('Authorization', officer).expect(200);
    expect(json.body.entries).toEqual([]);
    const csv = await http().get('/registry/daily-register?date=2026-03-04&format=csv').set('Authorization', officer).expect(200);
    expect(parseCsv(csv.text.replace(/^\uFEFF/, ''))).toHaveLength(1);
  });

  it.each([
    ['a day that does not exist', 'date=2026-02-30', 'date'],
    ['another date format', 'date=02/03/2026', 'date'],
    ['no date', '', 'date'],
    ['an unknown format', 'date=2026-03-02&format=xlsx', 'format'],
  ])('refuses %s with 400 naming the parameter', async (_case, query, name) => {
    const response = await http().get(`/registry/daily-register?${query}`).set('Authorization', officer).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toEqual([name]);
  });
});
