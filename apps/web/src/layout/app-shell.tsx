import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { Link, NavLink } from 'react-router';
import { Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers } from '@cmm/ui-kit';
import { useWebConfig } from '../auth/web-config-context';
import { AGREEMENT_PATH } from '../pages/agreement-path';
import { ANNUAL_CALL_PATH } from '../pages/annual-call-path';
import { useRole } from '../auth/require-auth';

const OFFICERS = ['officer', 'manager', 'admin'];

/**
 * Bootstrap Italia's page frame: skip link, slim header (owner, language, user), centre header
 * (service name), navigation, one main landmark, footer with the accessibility statement.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const config = useWebConfig();
  return (
    <>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <a className="skip-link" href="#main-navigation">
        {t('app.skipToNavigation')}
      </a>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand responsive href="https://www.cittametropolitana.mi.it/">
              {t('app.owner')}
            </HeaderBrand>
            <HeaderRightZone>
              <LanguageSwitch />
              <UserMenu />
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <Header type="center">
          <HeaderContent>
            <div className="it-brand-wrapper">
              <Link to="/">
                <div className="it-brand-text">
                  <div className="it-brand-title">{t('app.title')}</div>
                  <div className="it-brand-tagline d-none d-md-block">{t('app.owner')}</div>
                </div>
              </Link>
            </div>
          </HeaderContent>
        </Header>
        <MainNavigation />
      </Headers>
      {config.environment === 'development' && (
        <div className="container mt-2 d-print-none">
          <p className="alert alert-warning mb-0">{t('app.developmentBanner')}</p>
        </div>
      )}
      <main id="main-content" className="container my-4" tabIndex={-1}>
        {children}
      </main>
      <footer className="it-footer">
        <div className="it-footer-main">
          <div className="container py-4">
            <p className="text-white mb-2">{t('app.fullTitle')}</p>
            <p className="text-white mb-0">{t('footer.legalNotes')}</p>
          </div>
        </div>
        <div className="it-footer-small-prints clearfix">
          <div className="container">
            <h2 className="visually-hidden">{t('footer.links')}</h2>
            <ul className="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
              <li className="list-inline-item">
                <Link to="/dichiarazione-accessibilita">{t('footer.accessibility')}</Link>
              </li>
            </ul>
          </div>
        </div>
      </footer>
    </>
  );
}

function MainNavigation() {
  const { t } = useTranslation();
  const auth = useAuth();
  const role = useRole();
  const [open, setOpen] = useState(false);
  if (!auth.isAuthenticated) return null;
  const links: Array<{ to: string; label: string }> = [];
  if (role && OFFICERS.includes(role)) {
    links.push(
      { to: '/', label: t('nav.deadlines') },
      { to: '/pratiche', label: t('nav.cases') },
      { to: '/avvisi', label: t('nav.alerts') },
      { to: '/fondo', label: t('nav.fund') },
    );
  }
  if (role === 'officer' || role === 'manager') links.push({ to: '/posta-da-smistare', label: t('nav.pecTriage') });
  if (role === 'comune' || role === 'mayor_office')
    links.push(
      { to: '/comune', label: t('nav.municipalityHome') },
      { to: '/convocazioni', label: t('nav.convocations') },
      { to: AGREEMENT_PATH, label: t('nav.agreements') },
    );
  if (role === 'comune') {
    links.push(
      { to: '/comune/nuova-valutazione', label: t('nav.newEvaluation') },
      { to: '/comune/adesione', label: t('nav.adhesion') },
      { to: ANNUAL_CALL_PATH, label: t('nav.annualCall') },
    );
  }
  if (role === 'comune' || role === 'mayor_office') links.push({ to: '/fondo', label: t('nav.fund') });
  if (role === 'admin') links.push({ to: '/amministrazione/comuni', label: `${t('nav.admin')}: ${t('nav.municipalities')}` });
  return (
    <div className="it-header-navbar-wrapper">
      <div className="container">
        <nav className="navbar navbar-expand-lg has-megamenu" aria-label={t('app.mainNavigation')} id="main-navigation">
          <button
            className="custom-navbar-toggler"
            type="button"
            aria-controls="main-navigation-links"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            <span className="visually-hidden">{t('app.mainNavigation')}</span>
            <span aria-hidden="true">☰</span>
          </button>
          <div className={`navbar-collapsable${open ? ' expanded d-block' : ''}`} id="main-navigation-links">
            <div className="menu-wrapper">
              <ul className="navbar-nav">
                {links.map((link) => (
                  <li className="nav-item" key={link.to}>
                    <NavLink
                      to={link.to}
                      end={link.to === '/' || link.to === '/comune'}
                      className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}
                      onClick={() => setOpen(false)}
                    >
                      <span>{link.label}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </nav>
      </div>
    </div>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'it' : 'en';
  return (
    <div className="nav-item me-3">
      <button
        type="button"
        className="btn btn-link text-white p-0"
        lang={next}
        onClick={() => void i18n.changeLanguage(next)}
        // The visible "EN"/"IT" is part of the name (WCAG 2.5.3), the rest says what it does.
        aria-label={`${next.toUpperCase()} — ${t('app.switchLanguageTo')}`}
      >
        {next.toUpperCase()}
      </button>
    </div>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const auth = useAuth();
  const role = useRole();
  if (!auth.isAuthenticated || !auth.user) return null;
  const name = String(auth.user.profile.name ?? auth.user.profile.preferred_username ?? auth.user.profile.sub);
  return (
    <div className="it-access-top-wrapper d-flex align-items-center gap-3">
      <span className="text-white small" data-testid="signed-in-user">
        {t('app.signedInAs', { name })}
        {role ? ` (${t(`roles.${role}`, { defaultValue: role })})` : ''}
      </span>
      <button type="button" className="btn btn-primary btn-sm" onClick={() => void auth.signoutRedirect()}>
        {t('app.signOut')}
      </button>
    </div>
  );
}
