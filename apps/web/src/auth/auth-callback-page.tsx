import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { useNavigate } from 'react-router';
import { Alert } from '@cmm/ui-kit';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { returnStateOf } from './oidc-settings';

/** The provider sends the user back here; the user goes on to the page the sign-in started from. */
export function AuthCallbackPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation();
  useEffect(() => {
    if (auth.isAuthenticated && auth.user) void navigate(returnStateOf(auth.user.state), { replace: true });
  }, [auth.isAuthenticated, auth.user, navigate]);
  if (auth.error) {
    return (
      <>
        <PageHeading>{t('app.signIn')}</PageHeading>
        <Alert color="danger">{t('app.signInFailed', { message: auth.error.message })}</Alert>
        <a className="btn btn-primary" href="/">
          {t('app.signIn')}
        </a>
      </>
    );
  }
  return <Loading label={t('app.signingIn')} />;
}
