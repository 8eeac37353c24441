import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { Outlet, useLocation } from 'react-router';
import { Alert } from '@cmm/ui-kit';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import type { ReturnState } from './oidc-settings';

/**
 * The workspace needs a session. Without one (first visit, expired, revoked) the user goes to
 * the provider with the current page in the OIDC state, and comes back to it after sign-in.
 */
export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  const redirecting = useRef(false);
  // A failed silent renewal is an expired session, not a sign-in failure: sign in again.
  const renewalFailed = auth.error?.source === 'renewSilent';
  const mustSignIn = !auth.isLoading && !auth.isAuthenticated && !auth.activeNavigator && (!auth.error || renewalFailed);

  useEffect(() => {
    if (!mustSignIn || redirecting.current) return;
    redirecting.current = true;
    const state: ReturnState = { returnTo: `${location.pathname}${location.search}${location.hash}` };
    void auth.signinRedirect({ state }).finally(() => {
      redirecting.current = false;
    });
  }, [mustSignIn, auth, location]);

  if (auth.error && !renewalFailed) {
    return (
      <>
        <PageHeading>{t('app.signIn')}</PageHeading>
        <Alert color="danger">{t('app.signInFailed', { message: auth.error.message })}</Alert>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void auth.signinRedirect({ state: { returnTo: location.pathname + location.search } })}
        >
          {t('app.signIn')}
        </button>
      </>
    );
  }
  if (!auth.isAuthenticated) return <Loading label={renewalFailed ? t('app.sessionExpired') : t('app.signingIn')} />;
  return <Outlet />;
}

/** The role claim of the signed-in user (the provider maps it; docs/web-platform.md). */
export function useRole(): string | undefined {
  const auth = useAuth();
  const role = auth.user?.profile.role;
  return typeof role === 'string' ? role : undefined;
}

/** The municipality (ISTAT code) a municipal user acts for, from the same token claims as the role. */
export function useIstatCode(): string | undefined {
  const auth = useAuth();
  const istat = auth.user?.profile.istat;
  return typeof istat === 'string' ? istat : undefined;
}

/** Guards the nested routes (as a layout route) or, given children, those children. */
export function RequireRole({ roles, children }: { roles: string[]; children?: ReactNode }) {
  const role = useRole();
  const { t } = useTranslation();
  if (!role || !roles.includes(role)) {
    return (
      <>
        <PageHeading>{t('app.forbiddenTitle')}</PageHeading>
        <p>{t('app.forbiddenText')}</p>
      </>
    );
  }
  return children ?? <Outlet />;
}
