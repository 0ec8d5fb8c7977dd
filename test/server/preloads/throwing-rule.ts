// Preloaded into a server run from source (test/helpers/source-server.ts): every visitor of
// blocking-sleep, Python and TypeScript, does its work and then throws, as a rule with a bug
// would; whatever it reported before throwing must not reach the client.
import { ruleById } from '../../../server/src/rules/index';

type Visitor = (node: never, context: never) => void;

const rule = ruleById.get('blocking-sleep')!;
for (const visitors of [rule.python, rule.typescript] as Record<string, Visitor>[]) {
  for (const [key, visit] of Object.entries(visitors)) {
    visitors[key] = (node, context) => {
      visit(node, context);
      throw new Error('injected failure in blocking-sleep');
    };
  }
}
