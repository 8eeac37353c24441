import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import type { components } from '../api/schema';
import { useAnnounce } from './announcer';
import { ErrorNotice } from './error-notice';

type Page = components['schemas']['SavedFilterBodyDto']['page'];

/** The user's saved filters of one page, kept on the server by name (`/me/saved-filters`). */
export function SavedFilters({ page, current, onUse }: { page: Page; current: URLSearchParams; onUse: (query: URLSearchParams) => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const id = useId();
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: ['saved-filters'],
    queryFn: async () => data(await api.GET('/me/saved-filters')),
  });
  const create = useMutation({
    mutationFn: async (name: string) =>
      data(await api.PUT('/me/saved-filters/{name}', { params: { path: { name } }, body: { page, query: Object.fromEntries(current) } })),
    onSuccess: async (_, name) => {
      await queryClient.invalidateQueries({ queryKey: ['saved-filters'] });
      announce(t('filters.savedOk', { name }));
    },
  });
  const remove = useMutation({
    mutationFn: async (name: string) => data(await api.DELETE('/me/saved-filters/{name}', { params: { path: { name } } })),
    onSuccess: async (_, name) => {
      await queryClient.invalidateQueries({ queryKey: ['saved-filters'] });
      announce(t('filters.deletedOk', { name }));
    },
  });
  const onSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    create.mutate(name, { onSuccess: () => form.reset() });
  };
  const filters = (saved.data?.items ?? []).filter((filter) => filter.page === page);
  return (
    <section aria-labelledby={`${id}-title`} className="mb-4">
      <h2 className="h5" id={`${id}-title`}>
        {t('filters.saved')}
      </h2>
      {saved.isError && <ErrorNotice error={saved.error} />}
      {saved.isSuccess && filters.length === 0 && <p className="small">{t('filters.savedNone')}</p>}
      {filters.length > 0 && (
        <ul className="list-unstyled">
          {filters.map((filter) => (
            <li key={filter.name} className="d-flex align-items-center gap-2 mb-1">
              <button type="button" className="btn btn-link p-0 text-start" onClick={() => onUse(new URLSearchParams(filter.query))}>
                {filter.name}
              </button>
              <button
                type="button"
                className="btn btn-link p-0 text-danger"
                aria-label={t('filters.deleteSaved', { name: filter.name })}
                onClick={() => remove.mutate(filter.name)}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSave} className="d-flex flex-column gap-2">
        <label htmlFor={`${id}-name`} className="form-label fw-semibold mb-0">
          {t('filters.saveName')}
        </label>
        <input id={`${id}-name`} name="name" type="text" className="form-control" maxLength={80} required />
        <button type="submit" className="btn btn-outline-primary btn-sm" disabled={create.isPending}>
          {t('filters.save')}
        </button>
      </form>
      {create.isError && <ErrorNotice error={create.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
    </section>
  );
}
