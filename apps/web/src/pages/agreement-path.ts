/** The parties' territorial-agreement page (its own module, so the router, the menu and Il mio Comune link to it without loading the page). */
export const AGREEMENT_PATH = '/comune/accordi';
