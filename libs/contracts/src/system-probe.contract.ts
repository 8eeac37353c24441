/**
 * The system probe proves the whole chain an operator depends on: the API reaches
 * Temporal, a worker polls the task queue, its activity writes to PostgreSQL, and the API
 * reads the row back.
 */
export interface SystemProbeInput {
  probeId: string;
  requestedAt: string;
  requestedBy: string;
}

export interface SystemProbeRecord {
  probeId: string;
  workflowId: string;
  requestedAt: string;
  requestedBy: string;
  recordedAt: string;
  workerIdentity: string;
  /** The request id the activity saw: proves it travelled API → workflow → activity. */
  requestId: string | null;
}

export interface SystemProbeActivities {
  recordSystemProbe(input: SystemProbeInput & { workflowId: string }): Promise<SystemProbeRecord>;
}

/** Workflow type name (the worker registers it under this name): never renamed. */
export const SYSTEM_PROBE_WORKFLOW = 'systemProbeWorkflow';
export const systemProbeWorkflowId = (probeId: string): string => `system-probe-${probeId}`;
