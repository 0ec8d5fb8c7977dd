// Python rules: awaiting safely while cancelled (finally, except, __aexit__) and the cancellation class itself.
import type { Rule } from '../../engine/rule';

export const pythonCancelScopeRules: Rule[] = [];
