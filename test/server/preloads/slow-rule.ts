// Preloaded into a server run from source (test/helpers/source-server.ts): blocking-sleep spends
// SLOW_CALL_MS of CPU on every call of a function named `crunch`, so a file full of them takes
// far longer than the analysis budget, which is lowered to BUDGET_MS. Files without such calls
// are analysed as usual.
import { analysisLimits } from '../../../server/src/server/analysis-budget';
import { ruleById } from '../../../server/src/rules/index';
import type { PythonContext } from '../../../server/src/engine/python/context';
import type { Node } from 'web-tree-sitter';

const SLOW_CALL_MS = 4;
const BUDGET_MS = 500;

analysisLimits.budgetMs = BUDGET_MS;

const visitors = ruleById.get('blocking-sleep')!.python as Record<string, (node: Node, context: PythonContext) => void>;
const visit = visitors.call;
visitors.call = (node, context) => {
  if (node.childForFieldName('function')?.text === 'crunch') {
    const until = performance.now() + SLOW_CALL_MS;
    while (performance.now() < until);
  }
  visit(node, context);
};
