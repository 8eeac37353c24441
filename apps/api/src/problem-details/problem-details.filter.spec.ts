import { builtInText, parserText } from './problem-details.filter';

describe("Nest's and the body parser's own messages", () => {
  it('word an unknown route and a non-UUID path parameter in Italian, keeping the English message', () => {
    expect(builtInText('Cannot GET /nowhere')).toEqual({ it: 'nessuna risorsa per GET /nowhere', en: 'Cannot GET /nowhere' });
    expect(builtInText('Validation failed (uuid is expected)')).toEqual({
      it: 'parametro non valido: è atteso un UUID',
      en: 'Validation failed (uuid is expected)',
    });
    expect(builtInText('something else')).toBe('something else');
  });

  it('word malformed JSON and an oversized body in Italian, with where the JSON broke', () => {
    const broken = 'Unexpected token } in JSON at position 10';
    expect(parserText('entity.parse.failed', broken)).toEqual({ it: `il corpo della richiesta non è JSON valido (${broken})`, en: broken });
    expect(parserText('entity.too.large', 'request entity too large')).toEqual({
      it: 'il corpo della richiesta è troppo grande',
      en: 'request entity too large',
    });
    expect(parserText('encoding.unsupported', 'unsupported content encoding "br"')).toBe('unsupported content encoding "br"');
  });
});
