// `npm run docs`: regenerates the rule pages, their index, the README rule table, the
// `awaitwise.rules` settings schema and the awaitwise.json schema from the rule catalog. With `--check` it writes nothing and
// fails when any of them is out of date (the docs test runs it that way).
import { fileURLToPath } from 'node:url';
import { catalogMeta } from '../server/src/rules';
import { applyPlan, outdatedPaths, planDocs } from './docs/plan';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const plan = planDocs(root, catalogMeta);

for (const reason of plan.skipped) console.warn(`skipped ${reason}`);

if (check) {
  const outdated = outdatedPaths(plan, root);
  if (outdated.length > 0) {
    console.error(`Generated docs are out of date; run \`npm run docs\`:\n${outdated.map((path) => `  ${path}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('Generated docs are up to date.');
  }
} else {
  const written = applyPlan(plan, root);
  console.log(written.length > 0 ? `Updated:\n${written.map((path) => `  ${path}`).join('\n')}` : 'Generated docs were already up to date.');
}
