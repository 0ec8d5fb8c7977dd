// TypeScript / JavaScript rules.
import type { Rule } from '../../engine/rule';
import { allSettledUnchecked } from '../all-settled-unchecked';
import { asyncPromiseExecutor } from '../async-promise-executor';
import { awaitNonThenable } from '../await-non-thenable';
import { floatingPromise } from '../floating-promise';
import { misusedPromiseCallback } from '../misused-promise-callback';
import { promiseExecutorReturn } from '../promise-executor-return';
import { promiseInCondition } from '../promise-in-condition';
import { rejectNonError } from '../reject-non-error';
import { returnAwaitInTry } from '../return-await-in-try';

export const scriptRules: Rule[] = [floatingPromise, asyncPromiseExecutor, misusedPromiseCallback, promiseInCondition, promiseExecutorReturn, returnAwaitInTry, rejectNonError, allSettledUnchecked, awaitNonThenable];
