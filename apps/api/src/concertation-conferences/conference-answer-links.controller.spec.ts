import { checkLinkAnswer } from './conference-answer-links.controller';

describe('checkLinkAnswer (the answer link form)', () => {
  it('words class-validator reasons like every other DTO: Italian by constraint, English as class-validator says', async () => {
    const { problems, status } = await checkLinkAnswer({ answer: 'maybe' });
    expect(status).toBe(400);
    expect(problems).toEqual([
      {
        name: 'answer',
        rule: 'isIn',
        reason: {
          it: 'deve essere uno tra: confirmed, declined, delegated',
          en: expect.stringMatching(/^answer must be one of the following values/),
        },
      },
    ]);
  });

  it('gives an incomplete delegate 422 reasons in both languages, names and rules unchanged', async () => {
    const { problems, status } = await checkLinkAnswer({ answer: 'delegated', delegateName: 'Arch. Luisa Verdi' });
    expect(status).toBe(422);
    expect(problems).toEqual([
      {
        name: 'delegateRole',
        rule: 'required',
        reason: { it: 'obbligatorio quando si indica un delegato', en: 'required when naming a delegate' },
      },
      { name: 'delegateEmail', rule: 'email', reason: { it: 'deve essere un indirizzo email', en: 'an email address' } },
    ]);
  });
});
