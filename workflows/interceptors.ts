// Loaded into the workflow bundle (see scripts/build-workflow-bundle.ts): keeps the request
// id that started or updated a workflow, passes it to its activities and children, and
// adds it to workflow log lines.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '@cmm/contracts';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let requestId: Headers[string] | undefined;
  const remember = (headers: Headers) => {
    if (headers[REQUEST_ID_HEADER]) requestId = headers[REQUEST_ID_HEADER];
  };
  const propagate = (headers: Headers): Headers => (requestId ? { ...headers, [REQUEST_ID_HEADER]: requestId } : headers);
  const decoded = () => (requestId ? (defaultPayloadConverter.fromPayload(requestId) as string) : undefined);

  return {
    inbound: [
      {
        execute: (input, next) => {
          remember(input.headers);
          return next(input);
        },
        handleUpdate: (input, next) => {
          remember(input.headers);
          return next(input);
        },
        handleSignal: (input, next) => {
          remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: propagate(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: propagate(input.headers) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: propagate(input.headers) }),
        getLogAttributes: (input, next) => {
          const id = decoded();
          return next(id ? { ...input, requestId: id } : input);
        },
      },
    ],
  };
};
