import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

/**
 * With RECORD_HISTORIES=1 a workflow spec saves the history of its run under
 * workflows/<procedure>/histories/, where workflows/replay.spec.ts replays it against
 * every later version of the code. Recorded once per shipped behaviour, then committed.
 */
export async function recordHistoryIfAsked(handle: WorkflowHandle, procedure: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = join(WORKFLOWS_DIR, procedure, 'histories');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), historyToJSON(await handle.fetchHistory()));
}
