// Python rules: guaranteed checkpoints and async generators (off by default, as in flake8-async).
import type { Rule } from '../../engine/rule';

export const pythonCheckpointRules: Rule[] = [];
