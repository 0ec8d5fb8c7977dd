// Python rules: guaranteed checkpoints and async generators (off by default, as in flake8-async).
import type { Rule } from '../../engine/rule';
import { asyncGeneratorUnsafe } from '../async-generator-unsafe';
import { cancelScopeNoCheckpoint } from '../cancel-scope-no-checkpoint';
import { loopWithoutCheckpoint } from '../loop-without-checkpoint';
import { missingCheckpoint } from '../missing-checkpoint';

export const pythonCheckpointRules: Rule[] = [asyncGeneratorUnsafe, missingCheckpoint, cancelScopeNoCheckpoint, loopWithoutCheckpoint];
