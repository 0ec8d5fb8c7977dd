// Python rules: resources, bounded concurrency and library consistency.
import type { Rule } from '../../engine/rule';
import { mixedAsyncLibraries } from '../mixed-async-libraries';
import { sessionPerRequest } from '../session-per-request';
import { syncWithAsyncCm } from '../sync-with-async-cm';
import { unboundedConcurrency } from '../unbounded-concurrency';
import { unboundedQueue } from '../unbounded-queue';
import { unclosedResource } from '../unclosed-resource';
import { unstructuredTask } from '../unstructured-task';

export const pythonResourceRules: Rule[] = [
  syncWithAsyncCm,
  unclosedResource,
  sessionPerRequest,
  unboundedConcurrency,
  unboundedQueue,
  mixedAsyncLibraries,
  unstructuredTask,
];
