import type { PecReason } from '@cmm/persistence';

// A parser's or a connection's words can be long: a reason stays a line an officer reads.
const detailOf = (text: string): string => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

/**
 * Why a message of the PEC mailbox waits for an officer or was set aside. Officers read these
 * on the triage page, so each is written in Italian first and in English; logs use the English.
 */
export const PEC_REASONS = {
  noReference: { it: "l'oggetto e il testo non indicano alcuna pratica", en: 'no case reference in the subject or the body' },
  foreignCase: (references: readonly string[]): PecReason => ({
    it: `indica ${references.join(', ')}, che non è una pratica del Comune mittente`,
    en: `names ${references.join(', ')}, not a case of the sending municipality`,
  }),
  unknownCase: (references: readonly string[]): PecReason => ({
    it: `indica ${references.join(', ')}, pratica inesistente`,
    en: `names ${references.join(', ')}, no such case`,
  }),
  unknownSender: (sender: string): PecReason => ({
    it: `il mittente ${sender} non è la PEC di un Comune registrato`,
    en: `sender ${sender} is not the PEC of a municipality on file`,
  }),
  unreadable: { it: 'non è un messaggio di posta leggibile', en: 'not a readable Internet message' },
  noMessageId: { it: 'messaggio privo di Message-ID', en: 'message without Message-ID' },
  unreadableReceipt: (detail: string): PecReason => ({
    it: `ricevuta illeggibile: ${detailOf(detail)}`,
    en: `unreadable receipt: ${detailOf(detail)}`,
  }),
  noDaticert: {
    it: 'né una ricevuta PEC né un messaggio di posta certificata: manca daticert.xml',
    en: 'neither a PEC receipt nor a certified message: no daticert.xml',
  },
  daticertUnreadable: { it: 'daticert.xml illeggibile (manca il tipo postacert)', en: 'daticert.xml is not readable (no postacert type)' },
  daticertType: (type: string): PecReason => ({
    it: `daticert.xml di tipo «${type}», non trattato`,
    en: `daticert.xml of type "${type}" is not handled`,
  }),
  daticertTime: {
    it: 'daticert.xml senza un orario certificato valido (data/giorno, data/ora, zona)',
    en: 'daticert.xml without a valid certified time (data/giorno, data/ora, zona)',
  },
  daticertSender: { it: 'daticert.xml senza mittente', en: 'daticert.xml without a sender (mittente)' },
  noPostacert: { it: 'messaggio certificato senza postacert.eml', en: 'certified message without postacert.eml' },
  malformedMime: (detail: string): PecReason => ({ it: `struttura MIME non valida: ${detailOf(detail)}`, en: detailOf(detail) }),
  repeatedFailure: (attempts: number, error: string): PecReason => ({
    it: `non acquisito dopo ${attempts} tentativi: ${detailOf(error)}`,
    en: `not taken after ${attempts} attempts: ${detailOf(error)}`,
  }),
  receipt: {
    stored: { it: 'ricevuta abbinata al suo invio', en: 'receipt matched to its delivery' },
    duplicate: { it: 'ricevuta già registrata', en: 'receipt already stored' },
    unmatched: { it: 'ricevuta che non corrisponde a nessun invio', en: 'receipt matching no delivery' },
    'not-a-receipt': { it: 'non è una ricevuta', en: 'not a receipt' },
  },
} as const;
