// Rules about calls that block the event loop (Python, and the ids shared with TS/JS).
import type { Rule } from '../../engine/rule';
import { blockingCpuCall } from '../blocking-cpu-call';
import { blockingDbDriver } from '../blocking-db-driver';
import { blockingFileIo } from '../blocking-file-io';
import { blockingHttpCall } from '../blocking-http-call';
import { blockingInput } from '../blocking-input';
import { blockingOsPath } from '../blocking-os-path';
import { blockingSleep } from '../blocking-sleep';
import { blockingSubprocess } from '../blocking-subprocess';
import { blockingSyncPrimitive } from '../blocking-sync-primitive';
import { configuredBlockingCall } from '../configured-blocking-call';

export const pythonBlockingRules: Rule[] = [
  blockingSleep,
  blockingHttpCall,
  blockingSubprocess,
  blockingFileIo,
  blockingOsPath,
  blockingInput,
  blockingSyncPrimitive,
  blockingDbDriver,
  blockingCpuCall,
  configuredBlockingCall,
];
