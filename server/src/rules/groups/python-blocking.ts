// Rules about calls that block the event loop (Python, and the ids shared with TS/JS).
import type { Rule } from '../../engine/rule';
import { blockingFileIo } from '../blocking-file-io';
import { blockingSleep } from '../blocking-sleep';

export const pythonBlockingRules: Rule[] = [blockingSleep, blockingFileIo];
