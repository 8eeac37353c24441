import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';

// The mailbox that receives accessibility feedback; a deployment sets its own at build time.
const FEEDBACK_EMAIL: string = import.meta.env.VITE_ACCESSIBILITY_FEEDBACK_EMAIL ?? 'accessibilita@cittametropolitana.mi.it';
const STATEMENT_DATE = '02/12/2026';

/**
 * Dichiarazione di accessibilità following the structure of AgID's model (Linee guida
 * sull'accessibilità degli strumenti informatici, §4.2): scope, conformity, non-accessible
 * content, how the statement was prepared, feedback and contacts, enforcement procedure.
 * Italian is the legal text; English readers get a one-line note above it.
 */
export default function AccessibilityStatementPage() {
  const { i18n } = useTranslation();
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <article lang="it">
      <PageHeading>Dichiarazione di accessibilità</PageHeading>
      {i18n.language === 'en' && (
        <p lang="en" className="lead">
          This is the accessibility statement required by Italian law (Law 4/2004); it is published in Italian. Feedback in English is
          welcome at the address below.
        </p>
      )}
      <p>
        La Città metropolitana di Milano si impegna a rendere accessibile la propria applicazione web, conformemente alla legge 9 gennaio
        2004, n. 4 e al decreto legislativo 10 agosto 2018, n. 106 che ha recepito la direttiva (UE) 2016/2102 del Parlamento europeo e del
        Consiglio.
      </p>
      <p>
        La presente dichiarazione di accessibilità si applica all'applicazione «Procedimenti del PTM» raggiungibile all'indirizzo{' '}
        <span className="text-break">{origin}</span>.
      </p>

      <h2 className="h4 mt-4">Stato di conformità</h2>
      <p>
        Questa applicazione è <strong>parzialmente conforme</strong> ai requisiti previsti dall'allegato A alla norma UNI CEN ISO/IEC EN 301
        549 (livello WCAG 2.1 AA), per i contenuti non accessibili elencati di seguito.
      </p>

      <h2 className="h4 mt-4">Contenuti non accessibili</h2>
      <ul>
        <li>
          I documenti allegati alle pratiche (PDF e file firmati digitalmente) sono caricati dagli utenti: la loro accessibilità dipende da
          chi li produce e non è verificata dall'applicazione.
        </li>
        <li>La cronologia delle pratiche molto lunghe è presentata come un'unica tabella, senza suddivisione in pagine.</li>
      </ul>

      <h2 className="h4 mt-4">Redazione della dichiarazione di accessibilità</h2>
      <p>
        La presente dichiarazione è stata redatta il {STATEMENT_DATE} mediante autovalutazione: verifiche automatiche con axe-core su ogni
        pagina dell'area di lavoro, prove con la sola tastiera e con lettore di schermo.
      </p>

      <h2 className="h4 mt-4">Meccanismo di feedback e recapiti</h2>
      <p>
        Per segnalare casi di mancata conformità o per richiedere informazioni e contenuti esclusi dall'ambito di applicazione della
        direttiva, scrivere a{' '}
        <a href={`mailto:${FEEDBACK_EMAIL}?subject=${encodeURIComponent('Accessibilità — Procedimenti del PTM')}`}>{FEEDBACK_EMAIL}</a>. La
        risposta arriva entro 30 giorni.
      </p>

      <h2 className="h4 mt-4">Procedura di attuazione</h2>
      <p>
        In caso di risposta insoddisfacente o di mancata risposta entro 30 giorni, è possibile inoltrare una segnalazione al Difensore
        civico per il digitale istituito presso l'Agenzia per l'Italia Digitale, attraverso il modulo pubblicato sul sito{' '}
        <a href="https://www.agid.gov.it/it/design-servizi/accessibilita" lang="it">
          agid.gov.it
        </a>
        .
      </p>

      <h2 className="h4 mt-4">Informazioni sull'amministrazione</h2>
      <p className="mb-0">Città metropolitana di Milano — Via Vivaio 1, 20122 Milano.</p>
    </article>
  );
}
