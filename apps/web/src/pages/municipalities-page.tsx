import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { ApiProblem } from '../api/problem';
import { listOf, useMunicipalities } from '../api/queries';
import type { components } from '../api/schema';
import { useAnnounce } from '../components/announcer';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';

type Municipality = components['schemas']['MunicipalityDto'];
type Contacts = components['schemas']['MunicipalityContactsDto'];

/** Admin: the PEC of each municipality and of its mayor's office, used by every notice. */
export default function MunicipalitiesPage() {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const rows = (listOf(municipalities.data) ?? []).filter(
    (m) => !search || m.name.toLowerCase().includes(search.toLowerCase()) || m.istatCode.includes(search),
  );
  return (
    <>
      <PageHeading>{t('municipalities.title')}</PageHeading>
      <p>{t('municipalities.intro')}</p>
      <div className="mb-4" style={{ maxWidth: '24rem' }}>
        <label htmlFor="municipality-search" className="form-label fw-semibold">
          {t('municipalities.search')}
        </label>
        <input id="municipality-search" type="search" className="form-control" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {municipalities.isPending && <Loading />}
      {municipalities.isError && <ErrorNotice error={municipalities.error} onRetry={() => void municipalities.refetch()} />}
      {municipalities.data && (
        <div className="table-responsive">
          <table className="table">
            <caption>{t('municipalities.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('municipalities.istat')}</th>
                <th scope="col">{t('municipalities.name')}</th>
                <th scope="col">{t('municipalities.pec')}</th>
                <th scope="col">{t('municipalities.mayorPec')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('municipalities.save')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((municipality) =>
                editing === municipality.istatCode ? (
                  <ContactsRow key={municipality.istatCode} municipality={municipality} onClose={() => setEditing(null)} />
                ) : (
                  <tr key={municipality.istatCode}>
                    <td>{municipality.istatCode}</td>
                    <th scope="row">{municipality.name}</th>
                    <td className="text-break">{municipality.pec ?? '—'}</td>
                    <td className="text-break">{municipality.mayorOfficeEmail ?? '—'}</td>
                    <td>
                      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setEditing(municipality.istatCode)}>
                        <span aria-hidden="true">✎ </span>
                        <span className="visually-hidden">{t('municipalities.edit', { name: municipality.name })}</span>
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ContactsRow({ municipality, onClose }: { municipality: Municipality; onClose: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<{ pec: string; mayorOfficeEmail: string }>({
    defaultValues: { pec: municipality.pec ?? '', mayorOfficeEmail: municipality.mayorOfficeEmail ?? '' },
  });
  const save = useMutation({
    mutationFn: async (body: Contacts) =>
      data(await api.PUT('/municipalities/{istatCode}/contacts', { params: { path: { istatCode: municipality.istatCode } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['municipalities'] });
      announce(t('municipalities.saved', { name: municipality.name }));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem)
        for (const param of error.invalidParams) {
          const field = param.name.split('.').pop();
          if (field === 'pec' || field === 'mayorOfficeEmail') setError(field, { type: 'server', message: param.reason });
        }
    },
  });
  const id = `contacts-${municipality.istatCode}`;
  const onSubmit = handleSubmit((values) =>
    save.mutate({ pec: values.pec.trim() || null, mayorOfficeEmail: values.mayorOfficeEmail.trim() || null }),
  );
  return (
    <tr>
      <td>{municipality.istatCode}</td>
      <th scope="row">{municipality.name}</th>
      <td>
        <label htmlFor={`${id}-pec`} className="visually-hidden">
          {t('municipalities.pec')}
        </label>
        <input
          id={`${id}-pec`}
          form={id}
          type="email"
          className={`form-control${errors.pec ? ' is-invalid' : ''}`}
          aria-invalid={errors.pec ? true : undefined}
          aria-describedby={errors.pec ? `${id}-pec-error` : undefined}
          {...register('pec')}
        />
        {errors.pec && (
          <div className="text-danger small" id={`${id}-pec-error`}>
            {errors.pec.message}
          </div>
        )}
      </td>
      <td>
        <label htmlFor={`${id}-mayor`} className="visually-hidden">
          {t('municipalities.mayorPec')}
        </label>
        <input
          id={`${id}-mayor`}
          form={id}
          type="email"
          className={`form-control${errors.mayorOfficeEmail ? ' is-invalid' : ''}`}
          aria-invalid={errors.mayorOfficeEmail ? true : undefined}
          aria-describedby={errors.mayorOfficeEmail ? `${id}-mayor-error` : undefined}
          {...register('mayorOfficeEmail')}
        />
        {errors.mayorOfficeEmail && (
          <div className="text-danger small" id={`${id}-mayor-error`}>
            {errors.mayorOfficeEmail.message}
          </div>
        )}
      </td>
      <td>
        <form id={id} onSubmit={(event) => void onSubmit(event)} noValidate className="d-flex gap-2">
          <button type="submit" className="btn btn-primary btn-sm" disabled={save.isPending}>
            {t('municipalities.save')}
          </button>
          <button type="button" className="btn btn-outline-secondary btn-sm" onClick={onClose}>
            {t('municipalities.cancel')}
          </button>
        </form>
        {save.isError && !(save.error instanceof ApiProblem && save.error.invalidParams.length > 0) && <ErrorNotice error={save.error} />}
      </td>
    </tr>
  );
}
