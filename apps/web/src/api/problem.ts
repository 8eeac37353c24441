// The API answers every error with RFC 9457 problem details; the pages read this one class.

export interface InvalidParam {
  name: string;
  rule: string;
  reason: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  'invalid-params'?: InvalidParam[];
  [extension: string]: unknown;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly invalidParams: InvalidParam[];
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.title = body.title ?? `HTTP ${status}`;
    this.detail = body.detail;
    this.invalidParams = Array.isArray(body['invalid-params']) ? body['invalid-params'] : [];
    this.body = body;
  }
}

/** Reads a failed response as a problem, whatever its content type (a proxy may answer HTML). */
export async function problemFrom(response: Response): Promise<ApiProblem> {
  let body: ProblemBody = { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    try {
      const parsed: unknown = await response.clone().json();
      if (parsed && typeof parsed === 'object') body = { ...body, ...(parsed as ProblemBody) };
    } catch {
      // An unreadable body still has its status: keep the default.
    }
  }
  return new ApiProblem(response.status, body);
}

/** The message to show for any failure: the problem's detail, else its title. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail ?? error.title;
  if (error instanceof Error) return error.message;
  return String(error);
}
