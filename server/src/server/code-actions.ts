// Quick fixes, "ignore on this line", and fix-all, built from the cached analysis of the
// document's current version (only fix-all analyses, when the cache is behind the text being
// saved). Edits are filled in by codeAction/resolve when the client supports it, so listing
// the lightbulb's actions stays cheap.
import {
  CodeActionKind,
  TextDocumentEdit,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { mergeFixEdits, safeFixOf, safeFixes } from '../engine/fixes';
import { suppressionEdit } from '../engine/suppression-edits';
import { comparePositions } from '../engine/text';
import type { AnalysisResult, Analyses } from './analysis';
import { FIX_ALL_KIND, type ClientSupport } from './capabilities';
import { DIAGNOSTIC_SOURCE, diagnosticDataOf } from './diagnostics';
import type { DocumentStore, OpenDocument } from './documents';

/** What an action does, small enough to travel in `data` until it is resolved. */
type ActionPlan = { kind: 'fix'; index: number; fix: number } | { kind: 'fixRule'; ruleId: string } | { kind: 'fixAll' };

interface ActionData {
  uri: string;
  resultId: string;
  plan: ActionPlan;
}

function isActionData(value: unknown): value is ActionData {
  const data = value as Partial<ActionData> | undefined;
  return typeof data?.uri === 'string' && typeof data.resultId === 'string' && typeof data.plan?.kind === 'string';
}

/** Whether `kind` is among the kinds asked for; a requested kind covers its sub-kinds. */
function isRequested(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

/**
 * Which cached finding a diagnostic sent back by the client stands for: found through its
 * `data`, or, from clients that drop `data`, by rule id and range.
 */
function findingIndexOf(result: AnalysisResult, diagnostic: Diagnostic): number | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnosticDataOf(diagnostic);
  if (data) return data.resultId === result.resultId && result.findings[data.index]?.ruleId === data.ruleId ? data.index : undefined;
  const index = result.findings.findIndex(
    (finding) =>
      finding.ruleId === diagnostic.code &&
      comparePositions(finding.range.start, diagnostic.range.start) === 0 &&
      comparePositions(finding.range.end, diagnostic.range.end) === 0,
  );
  return index < 0 ? undefined : index;
}

export class CodeActions {
  constructor(
    private readonly store: DocumentStore,
    private readonly analyses: Analyses,
    private readonly support: Pick<ClientSupport, 'resolveEdit' | 'documentChanges'>,
  ) {}

  async list(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const document = this.store.get(params.textDocument.uri);
    if (!document) return [];
    const { only, diagnostics } = params.context;
    const actions: CodeAction[] = [];
    if (isRequested(only, CodeActionKind.QuickFix)) {
      const result = this.analyses.current(document);
      if (result) actions.push(...this.quickFixes(document, result, diagnostics));
    }
    // Only on request: fix-on-save and the Source Action menu ask for this kind by name.
    if (only !== undefined && isRequested(only, FIX_ALL_KIND)) {
      // Fix-on-save acts on the text being saved, which the last analysis may not have seen.
      const result = await this.analyses.resultFor(document, token, 'current');
      if (result && safeFixes(result.findings).length > 0) {
        actions.push(this.prepare(document, result, { title: 'Apply all safe awaitwise fixes', kind: FIX_ALL_KIND }, { kind: 'fixAll' }));
      }
    }
    return actions;
  }

  /** Fills in the edit; an action whose analysis is outdated comes back without one. */
  resolve(action: CodeAction): CodeAction {
    if (!isActionData(action.data)) return action;
    const { uri, resultId, plan } = action.data;
    const document = this.store.get(uri);
    const result = document && this.analyses.current(document);
    if (!document || result?.resultId !== resultId) return action;
    const edits = this.editsFor(document, result, plan);
    return edits ? { ...action, edit: this.workspaceEdit(document, edits) } : action;
  }

  private quickFixes(document: OpenDocument, result: AnalysisResult, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const fixes: CodeAction[] = [];
    const fixAllForRule: CodeAction[] = [];
    const ignores: CodeAction[] = [];
    const rulesOffered = new Set<string>();
    for (const diagnostic of diagnostics) {
      const findingIndex = findingIndexOf(result, diagnostic);
      if (findingIndex === undefined) continue;
      const finding = result.findings[findingIndex];
      finding.fixes.forEach((fix, index) => {
        const action = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safe };
        fixes.push(this.prepare(document, result, action, { kind: 'fix', index: findingIndex, fix: index }));
      });
      if (!rulesOffered.has(finding.ruleId)) {
        rulesOffered.add(finding.ruleId);
        const fixable = result.findings.filter((other) => other.ruleId === finding.ruleId && safeFixOf(other));
        if (fixable.length > 1) {
          const action = { title: `Fix all ${finding.ruleId} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
          fixAllForRule.push(this.prepare(document, result, action, { kind: 'fixRule', ruleId: finding.ruleId }));
        }
      }
      // Computed now: whether a comment can go there decides whether the action exists.
      const ignore = suppressionEdit(document.source, result.suppressions, { ruleId: finding.ruleId, line: finding.range.start.line });
      if (ignore) {
        ignores.push({
          title: `Ignore ${finding.ruleId} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: this.workspaceEdit(document, [ignore]),
        });
      }
    }
    return [...fixes, ...fixAllForRule, ...ignores];
  }

  /** Attaches the plan for resolving later, or the edit itself when the client cannot resolve. */
  private prepare(document: OpenDocument, result: AnalysisResult, action: CodeAction, plan: ActionPlan): CodeAction {
    if (this.support.resolveEdit) {
      const data: ActionData = { uri: document.uri, resultId: result.resultId, plan };
      return { ...action, data };
    }
    const edits = this.editsFor(document, result, plan);
    return edits ? { ...action, edit: this.workspaceEdit(document, edits) } : action;
  }

  private editsFor(document: OpenDocument, result: AnalysisResult, plan: ActionPlan): TextEdit[] | undefined {
    switch (plan.kind) {
      case 'fix':
        return result.findings[plan.index]?.fixes[plan.fix]?.edits;
      case 'fixRule':
        return mergeFixEdits(document.source.text, safeFixes(result.findings.filter((finding) => finding.ruleId === plan.ruleId)));
      case 'fixAll':
        return mergeFixEdits(document.source.text, safeFixes(result.findings));
    }
  }

  private workspaceEdit(document: OpenDocument, edits: TextEdit[]): WorkspaceEdit {
    if (this.support.documentChanges) {
      return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
    }
    return { changes: { [document.uri]: edits } };
  }
}
