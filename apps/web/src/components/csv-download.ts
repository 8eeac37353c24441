import { apiUrl, authorizationHeaders } from '../api/client';
import { problemFrom } from '../api/problem';

/**
 * Downloads a file the API produces (CSV, a document, a calendar event). A plain link cannot
 * carry the bearer token, so the file is fetched with it and handed to the browser as a download.
 */
export async function downloadWithToken(path: string, fileName: string, accept = 'text/csv'): Promise<void> {
  const response = await fetch(apiUrl(path), { headers: { ...authorizationHeaders(), Accept: accept } });
  if (!response.ok) throw await problemFrom(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
