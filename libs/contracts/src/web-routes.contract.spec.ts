import { CASE_PAGE_PATH_TEMPLATE, answerPageUrl, casePageUrl, noticePageUrl } from './web-routes.contract';

describe('web routes', () => {
  it("links a case to the web app's case page, never to the JSON route", () => {
    expect(casePageUrl('https://procedimenti.cittametropolitana.mi.it/', '0b4b2c1e-0000-4000-8000-000000000001')).toBe(
      'https://procedimenti.cittametropolitana.mi.it/pratiche/0b4b2c1e-0000-4000-8000-000000000001',
    );
    expect(CASE_PAGE_PATH_TEMPLATE.startsWith('/cases')).toBe(false);
  });

  it('keeps a path prefix of the public URL (app served under a sub-path)', () => {
    expect(casePageUrl('https://cmm.example/procedimenti', 'abc')).toBe('https://cmm.example/procedimenti/pratiche/abc');
  });

  it('sends municipalities to their own page of a procedure where one exists, staff to the case page', () => {
    const base = 'https://cmm.example/';
    expect(noticePageUrl(base, 'c1', 'annual-call', 'municipalities')).toBe('https://cmm.example/comune/avviso-annuale/c1');
    expect(noticePageUrl(base, 'c1', 'territorial-agreement', 'municipalities')).toBe('https://cmm.example/comune/accordi/c1');
    expect(noticePageUrl(base, 'c1', 'annual-call', 'staff')).toBe('https://cmm.example/pratiche/c1');
    expect(noticePageUrl(base, 'c1', 'compatibility-evaluation', 'municipalities')).toBe('https://cmm.example/pratiche/c1');
    expect(noticePageUrl(base, 'c1', null, 'municipalities')).toBe('https://cmm.example/pratiche/c1');
  });

  it('puts the answer token in the fragment, which browsers do not send to servers', () => {
    expect(answerPageUrl('https://cmm.example/', 'a.b.c')).toBe('https://cmm.example/risposta-convocazione#a.b.c');
  });
});
