/**
 * Temporal header that carries the HTTP request id from the API into workflows and
 * activities, so one id follows a user's action through every log line it causes.
 */
export const REQUEST_ID_HEADER = 'cmm-request-id';

/** HTTP header a caller may set to choose the request id (it is echoed back). */
export const REQUEST_ID_HTTP_HEADER = 'x-request-id';
