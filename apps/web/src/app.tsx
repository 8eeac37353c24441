import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type UserManagerSettings } from 'oidc-client-ts';
import { Suspense, lazy, useMemo } from 'react';
import { AuthProvider } from 'react-oidc-context';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { WebConfig } from './auth/web-config';
import { ApiSession } from './auth/api-session';
import { AuthCallbackPage } from './auth/auth-callback-page';
import { RequireAuth, RequireRole, useRole } from './auth/require-auth';
import { WebConfigContext } from './auth/web-config-context';
import { Announcer } from './components/announcer';
import { Loading } from './components/loading';
import { AppShell } from './layout/app-shell';
import { ApiProblem } from './api/problem';
import { AGREEMENT_PATH } from './pages/agreement-path';
import { ANNUAL_CALL_PATH } from './pages/annual-call-path';

// Every page is its own chunk: the first page loads only the shell and the page it shows.
const DeadlinesPage = lazy(() => import('./pages/deadlines-page'));
const CasesPage = lazy(() => import('./pages/cases-page'));
const CasePage = lazy(() => import('./pages/case-page'));
const AlertsPage = lazy(() => import('./pages/alerts-page'));
const PecTriagePage = lazy(() => import('./pages/pec-triage-page'));
const MunicipalitiesPage = lazy(() => import('./pages/municipalities-page'));
const EvaluationWizardPage = lazy(() => import('./pages/evaluation-wizard-page'));
const AccessibilityStatementPage = lazy(() => import('./pages/accessibility-statement-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const MunicipalityHomePage = lazy(() => import('./pages/municipality-home-page'));
const ConvocationsPage = lazy(() => import('./pages/convocations-page'));
const FundPage = lazy(() => import('./pages/fund-page'));
const AdhesionPage = lazy(() => import('./pages/adhesion-page'));
const AnswerLinkPage = lazy(() => import('./pages/answer-link-page'));
const AnnualCallPage = lazy(() => import('./pages/annual-call-page'));
const AgreementPage = lazy(() => import('./pages/agreement-page'));

const OFFICERS = ['officer', 'manager', 'admin'];
const WIZARD_PATH = '/comune/nuova-valutazione';
const MUNICIPAL = ['comune', 'mayor_office'];

/** `/` is each role's home: Scadenze for the officers, Il mio Comune for a municipality. */
function RoleHome() {
  const role = useRole();
  if (role && MUNICIPAL.includes(role)) return <Navigate to="/comune" replace />;
  return <DeadlinesPage />;
}

export function App({ config, settings }: { config: WebConfig; settings: UserManagerSettings }) {
  const queryClient = useMemo(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // A refused request (4xx) will not succeed by repeating it.
            retry: (failures, error) => failures < 2 && !(error instanceof ApiProblem && error.status < 500),
            staleTime: 15_000,
          },
        },
      }),
    [],
  );
  return (
    <WebConfigContext.Provider value={config}>
      <AuthProvider {...settings}>
        <ApiSession apiBaseUrl={config.apiBaseUrl} />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Announcer>
              <AppShell>
                <Suspense fallback={<Loading />}>
                  <Routes>
                    <Route path="/auth/callback" element={<AuthCallbackPage />} />
                    <Route path="/dichiarazione-accessibilita" element={<AccessibilityStatementPage />} />
                    {/* A convocation's personal link: no sign-in, the token in the fragment (ANSWER_PAGE_PATH). */}
                    <Route path="/risposta-convocazione" element={<AnswerLinkPage />} />
                    <Route element={<RequireAuth />}>
                      <Route element={<RequireRole roles={[...OFFICERS, ...MUNICIPAL]} />}>
                        <Route index element={<RoleHome />} />
                      </Route>
                      <Route element={<RequireRole roles={MUNICIPAL} />}>
                        <Route path="/comune" element={<MunicipalityHomePage />} />
                        <Route path="/convocazioni" element={<ConvocationsPage />} />
                        <Route path={AGREEMENT_PATH} element={<AgreementPage />} />
                        <Route path={`${AGREEMENT_PATH}/:caseId`} element={<AgreementPage />} />
                      </Route>
                      <Route element={<RequireRole roles={OFFICERS} />}>
                        <Route path="/scadenze" element={<DeadlinesPage />} />
                        <Route path="/pratiche" element={<CasesPage />} />
                        <Route path="/avvisi" element={<AlertsPage />} />
                      </Route>
                      {/* CMM's PEC mailbox is the protocol office's: officers and managers (GET /pec-inbox refuses others). */}
                      <Route element={<RequireRole roles={['officer', 'manager']} />}>
                        <Route path="/posta-da-smistare" element={<PecTriagePage />} />
                      </Route>
                      <Route path="/pratiche/:caseId" element={<CasePage />} />
                      <Route element={<RequireRole roles={[...OFFICERS, ...MUNICIPAL]} />}>
                        <Route path="/fondo" element={<FundPage />} />
                      </Route>
                      <Route element={<RequireRole roles={['comune']} />}>
                        {/* One page for the steps and the receipt: moving to the receipt keeps it mounted, so focus goes to the step heading. */}
                        <Route path={WIZARD_PATH} element={<EvaluationWizardPage />} />
                        <Route path="/comune/adesione" element={<AdhesionPage />} />
                        <Route path={ANNUAL_CALL_PATH} element={<AnnualCallPage />} />
                        <Route path={`${ANNUAL_CALL_PATH}/:caseId`} element={<AnnualCallPage />} />
                        <Route path={`${WIZARD_PATH}/ricevuta/:caseId`} element={<EvaluationWizardPage />} />
                      </Route>
                      <Route element={<RequireRole roles={['admin']} />}>
                        <Route path="/amministrazione/comuni" element={<MunicipalitiesPage />} />
                      </Route>
                      <Route path="*" element={<NotFoundPage />} />
                    </Route>
                  </Routes>
                </Suspense>
              </AppShell>
            </Announcer>
          </BrowserRouter>
        </QueryClientProvider>
      </AuthProvider>
    </WebConfigContext.Provider>
  );
}
