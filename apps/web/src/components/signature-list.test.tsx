import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../test/render';
import { SignatureList, shownFromVersion } from './signature-list';

const signer = (givenName: string, surname: string, fiscalCode: string, qualified = true) => ({
  givenName,
  surname,
  commonName: `${givenName} ${surname}`,
  fiscalCode,
  qualified,
});

describe('SignatureList', () => {
  it('names the signer, fiscal code and day, with a badge by status and the reason when not fully valid', async () => {
    const signatures = shownFromVersion([
      {
        status: 'valid-trusted',
        signer: signer('Mario', 'Rossi', 'RSSMRA80A01F205X'),
        signingTime: '2026-12-03T09:30:00.000Z',
        reason: { it: 'firma valida', en: 'valid signature' },
      },
      {
        status: 'valid-untrusted',
        signer: signer('Luca', 'Verdi', 'VRDLCU70A01F205Y', false),
        signingTime: '2026-12-03T09:30:00.000Z',
        reason: { it: 'catena di certificati non fidata', en: 'untrusted certificate chain' },
      },
      {
        status: 'invalid',
        signer: null,
        signingTime: null,
        reason: { it: 'la busta .p7m non è leggibile', en: 'the .p7m cannot be read' },
      },
    ]);
    await renderIn('it', <SignatureList signatures={signatures} />);
    const items = screen.getAllByTestId('signature');
    expect(items.map((item) => item.textContent)).toEqual([
      'Firma validaFirmato da Mario Rossi (RSSMRA80A01F205X) il 03/12/2026 · certificato qualificato',
      'Catena non fidataFirmato da Luca Verdi (VRDLCU70A01F205Y) il 03/12/2026catena di certificati non fidata',
      'Firma non validaFirmato da firmatario non identificatola busta .p7m non è leggibile',
    ]);
    expect(items.map((item) => item.querySelector('.badge')?.className)).toEqual([
      'badge bg-success me-1',
      'badge bg-warning text-dark me-1',
      'badge bg-danger me-1',
    ]);
  });

  it('says there is no signature, in English too', async () => {
    await renderIn('en', <SignatureList signatures={[]} />);
    expect(screen.getByText('No signature')).toBeTruthy();
  });
});
