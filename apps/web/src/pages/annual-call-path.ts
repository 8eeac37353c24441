/** The municipality's annual-call page (its own module, so the router and the menu link to it without loading the page). */
export const ANNUAL_CALL_PATH = '/comune/avviso-annuale';
