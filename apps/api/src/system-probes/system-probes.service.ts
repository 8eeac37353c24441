import { Injectable } from '@nestjs/common';
import { TemporalConfig } from '@cmm/config';
import { SYSTEM_PROBE_WORKFLOW, type SystemProbeRecord, systemProbeWorkflowId } from '@cmm/contracts';
import { SystemProbeRepository } from '@cmm/persistence';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../problem-details/problem.exception';

// Long enough for a worker restart, short enough that an operator is not left waiting.
const PROBE_TIMEOUT_MS = 30_000;

@Injectable()
export class SystemProbesService {
  constructor(
    private readonly temporal: Client,
    private readonly probes: SystemProbeRepository,
    private readonly config: TemporalConfig,
  ) {}

  /** Runs the probe workflow to completion, then reads its row back from PostgreSQL. */
  async run(requestedBy: string): Promise<SystemProbeRecord> {
    await this.requirePollingWorker();
    const probeId = randomUUID();
    const workflowId = systemProbeWorkflowId(probeId);
    const handle = await this.temporal.workflow.start(SYSTEM_PROBE_WORKFLOW, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [{ probeId, requestedAt: new Date().toISOString(), requestedBy }],
      workflowExecutionTimeout: '5 minutes',
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(
            new ProblemException(504, {
              it: `nessun worker ha completato ${workflowId} entro ${PROBE_TIMEOUT_MS / 1000} s`,
              en: `no worker completed ${workflowId} within ${PROBE_TIMEOUT_MS / 1000} s`,
            }),
          ),
        PROBE_TIMEOUT_MS,
      ).unref(),
    );
    try {
      await Promise.race([handle.result(), timeout]);
    } catch (error) {
      if (error instanceof WorkflowFailedError)
        throw new ProblemException(500, {
          it: `${workflowId} non riuscito: ${error.cause?.message ?? error.message}`,
          en: `${workflowId} failed: ${error.cause?.message ?? error.message}`,
        });
      throw error;
    }
    return this.get(probeId);
  }

  /** Without a worker the probe would only wait out its timeout; say what is missing at once. */
  private async requirePollingWorker(): Promise<void> {
    const taskQueue = this.config.TEMPORAL_TASK_QUEUE;
    const { pollers } = await this.temporal.workflowService.describeTaskQueue({
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: { name: taskQueue },
    });
    if (!pollers?.length)
      throw new ProblemException(503, {
        it: `nessun worker è in ascolto sulla coda ${taskQueue}`,
        en: `no worker is polling the task queue ${taskQueue}`,
      });
  }

  async get(probeId: string): Promise<SystemProbeRecord> {
    const record = await this.probes.find(probeId);
    if (!record)
      throw new ProblemException(404, { it: `verifica di sistema ${probeId} non trovata`, en: `system probe ${probeId} not found` });
    return record;
  }
}
