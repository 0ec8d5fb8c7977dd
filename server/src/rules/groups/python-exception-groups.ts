// Python rules: catching, re-raising and testing exception groups.
import type { Rule } from '../../engine/rule';
import { exceptStarAttribute } from '../except-star-attribute';
import { exceptionGroupDerive } from '../exception-group-derive';
import { exceptionGroupReraise } from '../exception-group-reraise';
import { pytestRaisesExceptionGroup } from '../pytest-raises-exception-group';

export const pythonExceptionGroupRules: Rule[] = [
  exceptionGroupReraise,
  exceptionGroupDerive,
  exceptStarAttribute,
  pytestRaisesExceptionGroup,
];
