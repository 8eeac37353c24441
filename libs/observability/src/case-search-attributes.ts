import { CASE_SEARCH_ATTRIBUTES } from '@cmm/contracts';
import { temporal } from '@temporalio/proto';

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_VALUE_TYPES = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/** The part of a Temporal connection that registers search attributes (client or worker connection). */
export interface SearchAttributeRegistrar {
  operatorService: {
    addSearchAttributes(request: { namespace: string; searchAttributes: Record<string, number> }): Promise<unknown>;
  };
}

const ALREADY_EXISTS = 6; // gRPC status code

const alreadyExists = (error: unknown): boolean =>
  (error as { code?: unknown }).code === ALREADY_EXISTS || /already exists/i.test((error as Error).message ?? '');

/**
 * Registers the attributes, one by one so that one already present (an earlier start, another
 * worker starting at the same time) does not hide the others. The worker calls it before
 * polling: a workflow upserting an unregistered attribute fails its task, on a cluster as on
 * the dev server. (Listing first would be one call less, but the time-skipping test server
 * does not implement the listing.) Answers the attributes this call added.
 */
export async function registerCaseSearchAttributes(connection: SearchAttributeRegistrar, namespace: string): Promise<string[]> {
  const added: string[] = [];
  for (const key of Object.values(CASE_SEARCH_ATTRIBUTES)) {
    try {
      const type = INDEXED_VALUE_TYPES[key.type];
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: type } });
      added.push(key.name);
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
  }
  return added;
}
