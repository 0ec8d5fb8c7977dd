// TypeScript / JavaScript rules.
import type { Rule } from '../../engine/rule';
import { asyncPromiseExecutor } from '../async-promise-executor';
import { floatingPromise } from '../floating-promise';

export const scriptRules: Rule[] = [floatingPromise, asyncPromiseExecutor];
