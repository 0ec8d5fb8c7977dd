// Answers `awaitwise/checklist`: the review checklist decided from the findings of one file or
// of the whole workspace. Open documents speak through their current analysis; in workspace
// scope the other files' findings come from the workspace analysis, which brings them up to
// date first.
import type { CancellationToken } from 'vscode-languageserver/node';
import {
  CHECKLIST_LOCATION_LIMIT,
  type ChecklistItemView,
  type ChecklistLocation,
  type ChecklistParams,
  type ChecklistResponse,
} from '../checklist/protocol';
import { decideChecklist } from '../checklist/report';
import type { Finding } from '../engine/index';
import { ruleLanguageOf } from '../engine/languages';
import type { RuleLanguage, Severity, SourceLanguage } from '../engine/types';
import type { AnalysisInputsResolver } from './analysis-inputs';
import type { Analyses } from './analysis';
import type { SettingsProvider } from './configuration';
import type { DocumentStore, OpenDocument } from './documents';
import type { WorkspaceAnalysis } from './workspace-analysis';

interface LocatedFinding extends Finding {
  uri: string;
}

/** What a scope contributes to the checklist. */
interface ScopeFindings {
  findings: LocatedFinding[];
  languages: Set<RuleLanguage>;
  enabledRules: Set<string>;
  files: number;
  partial: boolean;
}

/** One file's part of the scope. */
interface FileFindings {
  uri: string;
  language: SourceLanguage;
  /** The rules its analysis ran. */
  rules: ReadonlyMap<string, Severity>;
  findings: readonly Finding[];
  /** False when the analysis was cancelled, superseded or out of time: `findings` is then empty. */
  analysed: boolean;
}

function addFile(scope: ScopeFindings, file: FileFindings): void {
  // Its findings are missing: the counts are a floor.
  if (!file.analysed) scope.partial = true;
  scope.files++;
  scope.languages.add(ruleLanguageOf(file.language));
  for (const rule of file.rules.keys()) scope.enabledRules.add(rule);
  for (const finding of file.findings) scope.findings.push({ ...finding, uri: file.uri });
}

function emptyScope(): ScopeFindings {
  return { findings: [], languages: new Set(), enabledRules: new Set(), files: 0, partial: false };
}

function toView(findings: readonly LocatedFinding[]): ChecklistLocation[] {
  return findings.slice(0, CHECKLIST_LOCATION_LIMIT).map(({ uri, range, ruleId, message, severity }) => ({ uri, range, ruleId, message, severity }));
}

export class ChecklistService {
  constructor(
    private readonly store: DocumentStore,
    private readonly analyses: Analyses,
    private readonly settings: SettingsProvider,
    private readonly inputs: AnalysisInputsResolver,
    private readonly workspace: WorkspaceAnalysis,
  ) {}

  async answer(params: ChecklistParams, token: CancellationToken): Promise<ChecklistResponse> {
    const scope = params.scope === 'workspace' ? await this.workspaceFindings(token) : await this.fileFindings(params.uri, token);
    const sections = decideChecklist(scope.findings, scope).map(({ section, items }) => ({
      id: section.id,
      title: section.title,
      items: items.map(({ item, result, findings }): ChecklistItemView => ({ ...result, hint: item.hint, locations: toView(findings) })),
    }));
    return { scope: params.scope, files: scope.files, partial: scope.partial, sections };
  }

  private async fileFindings(uri: string | undefined, token: CancellationToken): Promise<ScopeFindings> {
    const document = uri === undefined ? undefined : this.store.get(uri);
    const counted = document && (await this.openFileFindings(document, token));
    if (!counted) return emptyScope();
    // A cancelled or superseded analysis: the client asks again after the next change.
    if (!counted.analysed) return { ...emptyScope(), partial: true };
    const scope = emptyScope();
    addFile(scope, counted);
    return scope;
  }

  private async workspaceFindings(token: CancellationToken): Promise<ScopeFindings> {
    const scope = emptyScope();
    const { results, complete } = await this.workspace.everyFile(token);
    if (!complete) scope.partial = true;
    for (const result of results) addFile(scope, { ...result, analysed: !result.notice });
    // Open files speak through their current analysis, those outside every folder included.
    for (const document of this.store.all()) {
      const counted = await this.openFileFindings(document, token);
      if (counted) addFile(scope, counted);
    }
    return scope;
  }

  private async openFileFindings(document: OpenDocument, token: CancellationToken): Promise<FileFindings | undefined> {
    const inputs = this.inputs.inputsFor(document, await this.settings.forDocument(document.uri));
    if (!inputs.active) return undefined;
    const result = await this.analyses.resultFor(document, token, 'display');
    return { uri: document.uri, language: document.languageId, rules: inputs.rules, findings: result?.findings ?? [], analysed: result !== undefined && !result.notice };
  }
}
