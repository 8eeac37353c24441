import { ROLE_LABELS_IT, SEEDED_PASSWORD, SEEDED_USERS } from './seeded-users';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

// System fonts and high-contrast colours: the page must pass the same WCAG 2.1 AA check as the app.
const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f5f5f5; line-height: 1.5; }
  main { max-width: 34rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border: 1px solid #767676; border-radius: 4px; }
  .dev-warning { background: #fff3cd; border: 2px solid #664d03; color: #3d2e00; padding: .75rem 1rem; border-radius: 4px; }
  .error { background: #f8d7da; border: 2px solid #842029; color: #58151c; padding: .75rem 1rem; border-radius: 4px; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  select, input { font-size: 1rem; padding: .5rem; width: 100%; box-sizing: border-box; border: 1px solid #5c5c5c; border-radius: 4px; }
  button { margin-top: 1.5rem; font-size: 1rem; padding: .6rem 1.4rem; background: #0059b3; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  button:focus, select:focus, input:focus { outline: 3px solid #ff9900; outline-offset: 2px; }
  .hint { font-size: .95rem; color: #3b3b3b; }
`;

const layout = (title: string, body: string): string => `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;

export interface SignInPageOptions {
  action: string;
  clientName: string;
  error?: string;
  selected?: string;
}

/** The development provider's own sign-in page: pick a seeded user; it says plainly what it is. */
export function signInPage(options: SignInPageOptions): string {
  const optionsHtml = SEEDED_USERS.map((user) => {
    const where = user.istat ? `, ISTAT ${user.istat}` : '';
    const selected = user.username === options.selected ? ' selected' : '';
    return `<option value="${escapeHtml(user.username)}"${selected}>${escapeHtml(`${user.username} — ${user.name} (${ROLE_LABELS_IT[user.role]}${where})`)}</option>`;
  }).join('\n');
  return layout(
    'Accesso di sviluppo — CMM procedimenti',
    `<h1>Accesso di sviluppo</h1>
<p class="dev-warning" role="note"><strong>Solo per sviluppo e test.</strong> Questo non è il servizio di autenticazione della Città metropolitana di Milano (SPID, CIE): gli utenti sono fittizi e la password è la stessa per tutti.</p>
<p>Accesso richiesto da: <strong>${escapeHtml(options.clientName)}</strong></p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
  <label for="username">Utente di prova</label>
  <select id="username" name="username" required>
    ${optionsHtml}
  </select>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required aria-describedby="password-hint">
  <p id="password-hint" class="hint">Per tutti gli utenti di prova la password è «${escapeHtml(SEEDED_PASSWORD)}».</p>
  <button type="submit">Accedi</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** RP-initiated logout: a plain confirmation the browser submits (oidc-provider hands us its form). */
export function signOutPage(form: string): string {
  return layout(
    'Uscita — accesso di sviluppo',
    `<h1>Uscire dalla sessione di sviluppo?</h1>
<p class="dev-warning" role="note"><strong>Solo per sviluppo e test.</strong></p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Esci</button>`,
  );
}
