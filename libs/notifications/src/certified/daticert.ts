/**
 * daticert.xml, the certification data a PEC provider attaches to every receipt (DM 2
 * novembre 2005, technical rules, allegato: postacert.dtd). Its structure is fixed and
 * small, so it is read with a strict extractor instead of a general XML library.
 */
export interface Daticert {
  tipo: string;
  errore: string | null;
  mittente: string | null;
  destinatari: string[];
  oggetto: string | null;
  gestoreEmittente: string | null;
  /** ISO instant from data/giorno, data/ora and data@zona. */
  data: string | null;
  identificativo: string | null;
  msgid: string | null;
  consegna: string | null;
  erroreEsteso: string | null;
}

const decode = (text: string): string =>
  text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .trim();

const element = (xml: string, name: string): string | null => {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? decode(match[1]) : null;
};
const elements = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => decode(m[1]));
const attribute = (xml: string, name: string, attr: string): string | null => {
  const match = new RegExp(`<${name}\\s[^>]*\\b${attr}="([^"]*)"`).exec(xml);
  return match ? decode(match[1]) : null;
};

/** dd/mm/yyyy + hh:mm:ss + ±hhmm → ISO instant; null when any part is malformed. */
export function daticertInstant(giorno: string | null, ora: string | null, zona: string | null): string | null {
  const day = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(giorno ?? '');
  const time = /^(\d{2}):(\d{2}):(\d{2})$/.exec(ora ?? '');
  const zone = /^([+-])(\d{2}):?(\d{2})$/.exec(zona ?? '');
  if (!day || !time || !zone) return null;
  const iso = `${day[3]}-${day[2]}-${day[1]}T${time[1]}:${time[2]}:${time[3]}${zone[1]}${zone[2]}:${zone[3]}`;
  return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString();
}

export function parseDaticert(xml: string): Daticert | null {
  const tipo = attribute(xml, 'postacert', 'tipo');
  if (!tipo) return null;
  const dati = element(xml, 'dati') !== null ? (/<dati(?:\s[^>]*)?>([\s\S]*?)<\/dati>/.exec(xml)?.[1] ?? '') : '';
  const data = /<data(?:\s[^>]*)?>([\s\S]*?)<\/data>/.exec(dati)?.[1] ?? '';
  const errore = attribute(xml, 'postacert', 'errore');
  return {
    tipo,
    errore: errore && errore !== 'nessuno' ? errore : null,
    mittente: element(xml, 'mittente'),
    destinatari: elements(xml, 'destinatari'),
    oggetto: element(xml, 'oggetto'),
    gestoreEmittente: element(dati, 'gestore-emittente'),
    data: daticertInstant(element(data, 'giorno'), element(data, 'ora'), attribute(dati, 'data', 'zona')),
    identificativo: element(dati, 'identificativo'),
    msgid: element(dati, 'msgid'),
    consegna: element(dati, 'consegna'),
    erroreEsteso: element(dati, 'errore-esteso'),
  };
}
