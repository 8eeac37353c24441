import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorNotice } from './error-notice';
import { Loading } from './loading';

export interface QuerySectionProps<T> {
  /** The heading's id: the section is labelled by it (and it can be a link target). */
  id: string;
  title: ReactNode;
  query: UseQueryResult<T>;
  /** Said instead of the content when the answer has nothing to show. */
  empty: string;
  isEmpty(data: T): boolean;
  /** Controls above the content (a CSV download, a filter). */
  actions?: ReactNode;
  children(data: T): ReactNode;
}

/**
 * A titled region of a page showing one API answer: loading, the problem with a retry, the
 * words for "nothing here", or the content. Every list page says these four the same way.
 */
export function QuerySection<T>({ id, title, query, empty, isEmpty, actions, children }: QuerySectionProps<T>) {
  return (
    <section aria-labelledby={id} className="mt-5">
      <h2 className="h3" id={id}>
        {title}
      </h2>
      {actions}
      {query.isPending && <Loading />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (isEmpty(query.data) ? <p>{empty}</p> : children(query.data))}
    </section>
  );
}

/** A responsive table with its caption and column headers (scope="col"); rows come as children. */
export function CaptionedTable({
  caption,
  columns,
  hover,
  children,
}: {
  caption: string;
  columns: ReadonlyArray<{ label: string; end?: boolean }>;
  hover?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-responsive">
      <table className={hover ? 'table table-hover' : 'table'}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.label} className={column.end ? 'text-end' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
