// Python rules: awaiting safely while cancelled (finally, except, __aexit__) and the cancellation class itself.
import type { Rule } from '../../engine/rule';
import { cancelledClassSaved } from '../cancelled-class-saved';
import { checkpointInExcept } from '../checkpoint-in-except';
import { unshieldedAwaitInFinally } from '../unshielded-await-in-finally';

export const pythonCancelScopeRules: Rule[] = [unshieldedAwaitInFinally, checkpointInExcept, cancelledClassSaved];
