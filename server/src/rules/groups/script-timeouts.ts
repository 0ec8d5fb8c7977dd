// TypeScript / JavaScript rules about timers and timeouts that have no Python counterpart.
import type { Rule } from '../../engine/rule';
import { raceTimeoutLeak } from '../race-timeout-leak';

export const scriptTimeoutRules: Rule[] = [raceTimeoutLeak];
