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

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Fields of a term the API is adding (docs/web-app.md, "What the pages read"): read only
 * when present, so a page renders the same before and after the API has them.
 */
export function termExtras(row: object): {
  workingDaysLeft?: number;
  calendarDaysLeft?: number;
  suspendedSince?: string;
  caseType?: string;
  explanation?: Record<string, unknown>;
} {
  const value = row as Record<string, unknown>;
  return {
    workingDaysLeft: isNumber(value.workingDaysLeft) ? value.workingDaysLeft : undefined,
    calendarDaysLeft: isNumber(value.calendarDaysLeft) ? value.calendarDaysLeft : undefined,
    suspendedSince: isString(value.suspendedSince) ? value.suspendedSince : undefined,
    caseType: isString(value.caseType) ? value.caseType : undefined,
    explanation: value.explanation && typeof value.explanation === 'object' ? (value.explanation as Record<string, unknown>) : undefined,
  };
}
