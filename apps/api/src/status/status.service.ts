import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { readFile } from 'node:fs/promises';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../infrastructure/redis.module';

export type ComponentName = 'postgres' | 'redis' | 'temporal';

export interface ComponentStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

// A health check that waits as long as a client would is useless to a load balancer.
const CHECK_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });

/** One application as the supervisor of `npm start` sees it (scripts/supervise.js). */
export interface SupervisedProcess {
  status: 'running' | 'restarting' | 'stopped';
  pid: number | null;
  startedAt: string | null;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

@Injectable()
export class StatusService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly temporal: Connection,
  ) {}

  async check(): Promise<Record<ComponentName, ComponentStatus>> {
    const [postgres, redis, temporal] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1')),
      this.probe(async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        return this.redis.ping();
      }),
      this.probe(() => this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    return { postgres, redis, temporal };
  }

  /**
   * The applications the supervisor keeps alive, with their restarts and last exit; null
   * when the API runs without it (SUPERVISOR_STATE_FILE unset: systemd, Kubernetes, tests).
   */
  async processes(stateFile = process.env.SUPERVISOR_STATE_FILE): Promise<Record<string, SupervisedProcess> | null> {
    if (!stateFile) return null;
    try {
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { processes?: Record<string, SupervisedProcess> };
      return state.processes ?? null;
    } catch {
      return null; // not written yet, or being replaced: the components still answer
    }
  }

  private async probe(check: () => Promise<unknown>): Promise<ComponentStatus> {
    const started = performance.now();
    try {
      await withTimeout(check(), CHECK_TIMEOUT_MS);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
