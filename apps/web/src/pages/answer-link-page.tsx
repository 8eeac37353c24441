import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { ACTION_SCHEMAS } from '../api/perform-action';
import type { components } from '../api/schema';
import { fieldsFromSchema } from '../components/action-fields';
import { ActionForm } from '../components/action-form';
import { useAnnounce } from '../components/announcer';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { AnswerText, SessionFacts, useSessionWhen } from '../components/session-facts';

type AnswerLinkView = components['schemas']['AnswerLinkViewDto'];

/**
 * The page a convocation's personal link opens (ANSWER_PAGE_PATH in libs/contracts): no
 * sign-in, one session of one municipality. The token rides in the URL's fragment, which the
 * browser keeps to itself; the page hands it to the API, which checks signature, expiry and
 * single use. Once used (here or by a signed-in user) the page shows the recorded answer.
 */
export default function AnswerLinkPage() {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const when = useSessionWhen();
  const token = typeof window === 'undefined' ? '' : decodeURIComponent(window.location.hash.replace(/^#/, ''));
  const path = { params: { path: { token } } };
  const link = useQuery({
    queryKey: ['answer-link', token],
    enabled: token.length > 0,
    queryFn: async (): Promise<AnswerLinkView> => data(await api.GET('/conference-answers/{token}', path)) as AnswerLinkView,
  });
  const heading = <PageHeading>{t('answerLink.title')}</PageHeading>;
  if (!token) {
    return (
      <>
        {heading}
        <div className="alert alert-warning" role="alert">
          {t('answerLink.noToken')}
        </div>
      </>
    );
  }
  if (link.isPending)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  if (link.isError) {
    return (
      <>
        {heading}
        <ErrorNotice error={link.error} />
        <p>
          {t('answerLink.signInInstead')} <Link to="/convocazioni">{t('convocations.title')}</Link>
        </p>
      </>
    );
  }
  const view = link.data;
  const answered = view.usedAt !== null;
  return (
    <>
      {heading}
      <p className="lead">{t('answerLink.intro', { municipality: view.municipality })}</p>
      <section aria-labelledby="answer-link-conference" className="mt-4">
        <h2 className="h3" id="answer-link-conference">
          {view.subject}
        </h2>
        {view.reference && <p className="mb-1">{view.reference}</p>}
        <p>
          <span className="fw-semibold">{t('convocations.agenda')}:</span> {view.agenda}
        </p>
        <article className="card card-bg mb-4" aria-labelledby="answer-link-session">
          <div className="card-body">
            <h3 className="h5 card-title" id="answer-link-session">
              {when(view.session)}
            </h3>
            <SessionFacts session={view.session} answer={view.answer} answerTerm={view.answerTerm} answerTestId="answer-link-answer" />
            {answered ? (
              <div className="alert alert-success" role="status">
                <p className="mb-1">
                  {t('answerLink.recorded')} <AnswerText answer={view.answer} />
                </p>
                <p className="mb-0">
                  {t('answerLink.changeSignedIn')} <Link to="/convocazioni">{t('convocations.title')}</Link>
                </p>
              </div>
            ) : (
              <ActionForm
                action={{
                  id: 'answerConvocationByLink',
                  label: { it: 'Rispondi alla convocazione', en: 'Answer the convocation' },
                  fields: fieldsFromSchema('LinkAnswerDto', ACTION_SCHEMAS, t),
                }}
                submit={async (values) =>
                  data(
                    await api.POST('/conference-answers/{token}', {
                      params: { path: { token }, query: i18n.language === 'en' ? { lang: 'en' } : {} },
                      body: values as components['schemas']['LinkAnswerDto'],
                    }),
                  )
                }
                onDone={() => {
                  announce(t('answerLink.recorded'));
                  void queryClient.invalidateQueries({ queryKey: ['answer-link', token] });
                }}
              />
            )}
          </div>
        </article>
      </section>
      <p className="text-muted small">{t('answerLink.once')}</p>
    </>
  );
}
