import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { components } from '../api/schema';
import { textOf } from '../components/action-form';
import { useAnnounce } from '../components/announcer';
import { DownloadButton } from '../components/download-button';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable, QuerySection } from '../components/query-section';
import { formatDateTime } from '../format/format';

type PecMessage = components['schemas']['PecMessageDto'];

const TRIAGE_KEY = ['pec-inbox', 'triage'];

/**
 * Posta da smistare: the PEC that reached CMM's mailbox and names no case of its sender. An
 * officer reads it (the original message and its attachments), files it to a case by reference,
 * or archives it with a reason.
 */
export default function PecTriagePage() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const triage = useQuery({
    queryKey: TRIAGE_KEY,
    queryFn: async () => data(await api.GET('/pec-inbox', { params: { query: { status: 'triage', limit: 200 } } })),
  });
  const selected = triage.data?.items.find((message) => message.id === open) ?? null;
  return (
    <>
      <PageHeading>{t('pecTriage.title')}</PageHeading>
      <p>{t('pecTriage.intro')}</p>
      <QuerySection
        id="pec-triage-list"
        title={t('pecTriage.listTitle')}
        query={triage}
        empty={t('pecTriage.empty')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('pecTriage.caption')}
            columns={[
              { label: t('pecTriage.sentAt') },
              { label: t('pecTriage.sender') },
              { label: t('pecTriage.subject') },
              { label: t('pecTriage.protocol') },
              { label: t('pecTriage.why') },
              { label: t('pecTriage.actions') },
            ]}
          >
            {result.items.map((message) => (
              <tr key={message.id}>
                <td>{formatDateTime(message.certifiedSentAt)}</td>
                <td className="text-break">
                  {message.municipalityName ? `${t('pecTriage.municipality', { name: message.municipalityName })} — ` : ''}
                  {message.sender ?? '—'}
                </td>
                <th scope="row">{message.subject || t('pecTriage.noSubject')}</th>
                <td>{message.protocolNumber ?? '—'}</td>
                <td>{message.reason ? textOf(message.reason, i18n.language) : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-outline-primary btn-sm"
                    aria-expanded={open === message.id}
                    aria-controls="pec-triage-detail"
                    onClick={() => setOpen(open === message.id ? null : message.id)}
                  >
                    {open === message.id
                      ? t('pecTriage.close', { subject: message.subject || message.messageId })
                      : t('pecTriage.open', { subject: message.subject || message.messageId })}
                  </button>
                </td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
      <div id="pec-triage-detail">{selected && <MessageDetail key={selected.id} message={selected} onDone={() => setOpen(null)} />}</div>
    </>
  );
}

function MessageDetail({ message, onDone }: { message: PecMessage; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a message moves focus to it, so keyboard and screen-reader users land on what they asked for.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="pec-detail-heading" className="mt-5 border rounded p-3">
      <h2 className="h3" id="pec-detail-heading" tabIndex={-1} ref={heading}>
        {message.subject || t('pecTriage.noSubject')}
      </h2>
      <dl className="row">
        <dt className="col-sm-3">{t('pecTriage.sender')}</dt>
        <dd className="col-sm-9 text-break">
          {message.municipalityName ? `${t('pecTriage.municipality', { name: message.municipalityName })} — ` : ''}
          {message.sender ?? '—'}
        </dd>
        <dt className="col-sm-3">{t('pecTriage.sentAt')}</dt>
        <dd className="col-sm-9">{formatDateTime(message.certifiedSentAt)}</dd>
        <dt className="col-sm-3">{t('pecTriage.protocol')}</dt>
        <dd className="col-sm-9">{message.protocolNumber ?? '—'}</dd>
        <dt className="col-sm-3">{t('pecTriage.why')}</dt>
        <dd className="col-sm-9">{message.reason ? textOf(message.reason, i18n.language) : '—'}</dd>
      </dl>
      <h3 className="h4">{t('pecTriage.parts')}</h3>
      <ul>
        {message.parts.map((part) => (
          <li key={part.index}>
            <DownloadButton
              url={`/pec-inbox/${message.id}/parts/${part.index}`}
              fileName={part.filename}
              label={t(part.role === 'postacert' ? 'pecTriage.downloadOriginal' : 'pecTriage.downloadAttachment', { name: part.filename })}
            />{' '}
            <span className="small">({new Intl.NumberFormat('it-IT').format(Math.ceil(part.sizeBytes / 1024))} KB)</span>
          </li>
        ))}
      </ul>
      <div className="row g-4">
        <div className="col-md-6">
          <FileForm message={message} onDone={onDone} />
        </div>
        <div className="col-md-6">
          <ArchiveForm message={message} onDone={onDone} />
        </div>
      </div>
    </section>
  );
}

/** The server's word on a field goes next to it; anything else is said above the form. */
const fieldProblem = (error: unknown, field: string): string | undefined =>
  error instanceof ApiProblem ? error.invalidParams.find((p) => p.name === field)?.reason : undefined;

function FileForm({ message, onDone }: { message: PecMessage; onDone: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const { register, handleSubmit } = useForm<{ caseReference: string }>({ defaultValues: { caseReference: '' } });
  const file = useMutation({
    mutationFn: async (caseReference: string) =>
      data(await api.POST('/pec-inbox/{id}/filing', { params: { path: { id: message.id } }, body: { caseReference } })),
    onSuccess: async (filed) => {
      await queryClient.invalidateQueries({ queryKey: ['pec-inbox'] });
      announce(t('pecTriage.filed', { reference: filed.caseReference }));
      onDone();
    },
  });
  const problem = fieldProblem(file.error, 'caseReference');
  const id = `pec-file-${message.id}`;
  return (
    <form onSubmit={handleSubmit((values) => file.mutate(values.caseReference.trim()))} noValidate aria-labelledby={`${id}-title`}>
      <h3 className="h4" id={`${id}-title`}>
        {t('pecTriage.fileTitle')}
      </h3>
      {file.isError && !problem && <ErrorNotice error={file.error} />}
      <label htmlFor={`${id}-reference`} className="form-label fw-semibold">
        {t('pecTriage.caseReference')}
      </label>
      <input
        id={`${id}-reference`}
        className={`form-control${problem ? ' is-invalid' : ''}`}
        required
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        autoComplete="off"
        {...register('caseReference')}
      />
      <div className="form-text" id={`${id}-hint`}>
        {t('pecTriage.caseReferenceHint')}
      </div>
      {problem && (
        <div className="text-danger small" id={`${id}-error`}>
          {problem}
        </div>
      )}
      <button type="submit" className="btn btn-primary mt-3" disabled={file.isPending}>
        {t('pecTriage.file')}
      </button>
    </form>
  );
}

function ArchiveForm({ message, onDone }: { message: PecMessage; onDone: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const { register, handleSubmit } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const archive = useMutation({
    mutationFn: async (reason: string) =>
      data(await api.POST('/pec-inbox/{id}/archive', { params: { path: { id: message.id } }, body: { reason } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pec-inbox'] });
      announce(t('pecTriage.archived'));
      onDone();
    },
  });
  const problem = fieldProblem(archive.error, 'reason');
  const id = `pec-archive-${message.id}`;
  return (
    <form onSubmit={handleSubmit((values) => archive.mutate(values.reason.trim()))} noValidate aria-labelledby={`${id}-title`}>
      <h3 className="h4" id={`${id}-title`}>
        {t('pecTriage.archiveTitle')}
      </h3>
      {archive.isError && !problem && <ErrorNotice error={archive.error} />}
      <label htmlFor={`${id}-reason`} className="form-label fw-semibold">
        {t('pecTriage.archiveReason')}
      </label>
      <textarea
        id={`${id}-reason`}
        className={`form-control${problem ? ' is-invalid' : ''}`}
        rows={3}
        required
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        {...register('reason')}
      />
      {problem && (
        <div className="text-danger small" id={`${id}-error`}>
          {problem}
        </div>
      )}
      <button type="submit" className="btn btn-outline-primary mt-3" disabled={archive.isPending}>
        {t('pecTriage.archive')}
      </button>
    </form>
  );
}
