import { CASE_PAGE_PATH_TEMPLATE, casePageUrl } from './web-routes.contract';

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
});
