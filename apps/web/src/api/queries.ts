// Query keys and fetchers shared by several pages (the query cache dedupes them).
import { useQuery } from '@tanstack/react-query';
import { api, data } from './client';

export function useMunicipalities() {
  return useQuery({
    queryKey: ['municipalities'],
    queryFn: async () => data(await api.GET('/municipalities')),
    staleTime: 10 * 60_000,
  });
}

/** ISTAT code → municipality name, for tables that only carry the code. */
export function useMunicipalityNames(): (istat: string | null | undefined) => string {
  const { data: municipalities } = useMunicipalities();
  const names = new Map((listOf(municipalities) ?? []).map((m) => [m.istatCode, m.name]));
  return (istat) => (istat ? (names.get(istat) ?? istat) : '—');
}

/** A list response, whether the API wraps it in `{ items }` or not. */
export function listOf<T>(response: T[] | { items: T[] } | undefined): T[] | undefined {
  if (response === undefined) return undefined;
  return Array.isArray(response) ? response : response.items;
}
