// Preloaded into a CLI run from source (runSourceCli in test/cli/harness.ts): blocking-sleep's
// fix in Python gains a stray `(`, as a fix with a bug might, so the fixed text no longer parses
// as well as the original. Its findings and the other rules' fixes are unchanged.
import type { Node } from 'web-tree-sitter';
import { PythonContext } from '../../../server/src/engine/python/context';
import type { ReportOptions } from '../../../server/src/engine/report';

const report = PythonContext.prototype.report;
PythonContext.prototype.report = function (this: PythonContext, node: Node, message: string, options: ReportOptions = {}) {
  if (!message.startsWith('time.sleep()')) return report.call(this, node, message, options);
  const fixes = options.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit, index) => (index === 0 ? { ...edit, newText: `${edit.newText}(` } : edit)) }));
  return report.call(this, node, message, { ...options, fixes });
};
