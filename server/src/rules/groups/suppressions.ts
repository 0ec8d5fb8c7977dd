// Rules about Awaitwise's own suppression comments, judged after the other rules ran.
import type { Rule } from '../../engine/rule';
import { unusedSuppression } from '../unused-suppression';

export const suppressionRules: Rule[] = [unusedSuppression];
