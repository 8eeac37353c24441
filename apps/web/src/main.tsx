import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './fonts.css';
import './styles.css';
import './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UserManager } from 'oidc-client-ts';
import { App } from './app';
import { loadWebConfig } from './auth/web-config';
import { oidcSettings } from './auth/oidc-settings';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  let config;
  try {
    config = await loadWebConfig();
  } catch (error) {
    // Before i18n or the kit matter: a plain, readable message in both languages.
    root.render(
      <main className="container my-5">
        <h1>Applicazione non disponibile</h1>
        <p role="alert">
          Impossibile leggere la configurazione (GET /web-config): {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    );
    return;
  }
  const settings = oidcSettings(config);
  // The silent-renewal iframe only hands the provider's answer back to the parent window.
  if (window.location.pathname === config.oidc.silentRedirectPath) {
    await new UserManager(settings).signinCallback();
    return;
  }
  root.render(
    <StrictMode>
      <App config={config} settings={settings} />
    </StrictMode>,
  );
}

void start();
