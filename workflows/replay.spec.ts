// Every recorded history replays against the current workflow code: a change that would
// break a running case (a non-determinism error) fails here, before it ships.
import { WORKFLOWS_DIR, quietTemporalRuntime, workflowBundle } from '@cmm/test-support';
import { tracingWorkflowSinks } from '@cmm/observability';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as workflows from './index';

const histories = readdirSync(WORKFLOWS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => {
    const historiesDir = join(WORKFLOWS_DIR, dir.name, 'histories');
    try {
      return readdirSync(historiesDir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => ({ name: `${dir.name}/${file}`, path: join(historiesDir, file) }));
    } catch {
      return [];
    }
  });

const typeOf = (path: string): string => {
  const history = historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return started?.workflowType?.name ?? '';
};

describe('workflow replay', () => {
  beforeAll(() => quietTemporalRuntime());

  it('has a recorded history for every workflow type', () => {
    const recorded = new Set(histories.map((h) => typeOf(h.path)));
    expect(Object.keys(workflows).filter((type) => !recorded.has(type))).toEqual([]);
  });

  it.each(histories)('replays $name', async ({ path }) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle: workflowBundle(), sinks: tracingWorkflowSinks() }, history),
    ).resolves.toBeUndefined();
  });
});
