// Answers `awaitwise/checklist`: the review checklist decided from the findings of one file or
// of the whole workspace. Open documents speak through their current analysis; in workspace
// scope the other files are read from disk and analysed with the same inputs, one at a time,
// yielding between two files so edits are never held up, and their findings are kept until
// the file, its inputs or its cross-file index change.
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { CancellationToken } from 'vscode-languageserver/node';
import {
  CHECKLIST_LOCATION_LIMIT,
  type ChecklistItemView,
  type ChecklistLocation,
  type ChecklistParams,
  type ChecklistResponse,
} from '../checklist/protocol';
import { decideChecklist } from '../checklist/report';
import { analyze, AnalysisCancelledError, type Finding } from '../engine/index';
import { ruleLanguageOf } from '../engine/languages';
import type { RuleLanguage, SourceLanguage } from '../engine/types';
import { createExcludeMatcher } from '../workspace/exclude';
import { listSourceFiles, readSourceText, type SourceFile } from '../workspace/files';
import type { AnalysisInputs, AnalysisInputsResolver } from './analysis-inputs';
import { engineOptions, type Analyses } from './analysis';
import type { SettingsProvider } from './configuration';
import type { DocumentStore, OpenDocument } from './documents';
import { yieldToEventLoop } from './event-loop';
import type { Log } from './log';
import { indexStamp } from './project-indexes';
import type { TypeChecking } from './type-checking';
import type { WorkspaceFolders } from './workspace-folders';

/** More files than this in one workspace scan and the answer is marked partial. */
const WORKSPACE_FILE_LIMIT = 5000;

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

interface DiskResult {
  /** Changes when the file, its inputs, its index or its program change. */
  stamp: string;
  findings: Finding[];
}

/** One file's part of the scope. */
interface FileFindings {
  uri: string;
  language: SourceLanguage;
  inputs: AnalysisInputs;
  findings: readonly Finding[];
  /** False when the analysis was cancelled or superseded: `findings` is then empty. */
  analysed: boolean;
}

function addFile(scope: ScopeFindings, file: FileFindings): void {
  // Its findings are missing: the counts are a floor.
  if (!file.analysed) scope.partial = true;
  scope.files++;
  scope.languages.add(ruleLanguageOf(file.language));
  for (const rule of file.inputs.rules.keys()) scope.enabledRules.add(rule);
  for (const finding of file.findings) scope.findings.push({ ...finding, uri: file.uri });
}

function emptyScope(): ScopeFindings {
  return { findings: [], languages: new Set(), enabledRules: new Set(), files: 0, partial: false };
}

function toView(findings: readonly LocatedFinding[]): ChecklistLocation[] {
  return findings.slice(0, CHECKLIST_LOCATION_LIMIT).map(({ uri, range, ruleId, message, severity }) => ({ uri, range, ruleId, message, severity }));
}

export class ChecklistService {
  /** Findings of files analysed from disk, by path. */
  private readonly diskResults = new Map<string, DiskResult>();

  constructor(
    private readonly store: DocumentStore,
    private readonly analyses: Analyses,
    private readonly settings: SettingsProvider,
    private readonly inputs: AnalysisInputsResolver,
    private readonly folders: WorkspaceFolders,
    private readonly typeChecking: TypeChecking,
    private readonly engineReady: Promise<void>,
    private readonly log: Log,
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
    await this.engineReady;
    const scope = emptyScope();
    const seen = new Set<string>();
    for (const folder of this.folders.all) {
      const settings = await this.settings.forDocument(folder.uri);
      if (!settings.enable) continue;
      const listing = await listSourceFiles([folder.path], { exclude: createExcludeMatcher(settings.exclude, folder.path) });
      for (const file of listing.files) {
        if (token.isCancellationRequested || scope.files >= WORKSPACE_FILE_LIMIT) {
          scope.partial = true;
          return scope;
        }
        // A file of a nested workspace folder is listed by both folders; it counts once.
        if (seen.has(file.path)) continue;
        seen.add(file.path);
        const open = this.store.byFilePath(file.path);
        const counted = open ? await this.openFileFindings(open, token) : await this.diskFileFindings(file, token);
        if (counted) addFile(scope, counted);
        await yieldToEventLoop();
      }
    }
    for (const path of this.diskResults.keys()) if (!seen.has(path)) this.diskResults.delete(path);
    // Open files outside every folder still belong to what the user is looking at.
    for (const document of this.store.all()) {
      if (document.filePath && seen.has(document.filePath)) continue;
      const counted = await this.openFileFindings(document, token);
      if (counted) addFile(scope, counted);
    }
    return scope;
  }

  private async openFileFindings(document: OpenDocument, token: CancellationToken): Promise<FileFindings | undefined> {
    const inputs = this.inputs.inputsFor(document, await this.settings.forDocument(document.uri));
    if (!inputs.active) return undefined;
    const result = await this.analyses.resultFor(document, token, 'display');
    return { uri: document.uri, language: document.languageId, inputs, findings: result?.findings ?? [], analysed: result !== undefined };
  }

  private async diskFileFindings(file: SourceFile, token: CancellationToken): Promise<FileFindings | undefined> {
    const uri = pathToFileURL(file.path).href;
    const folder = this.folders.folderFor(file.path);
    const settings = await this.settings.forDocument(folder?.uri ?? uri);
    const inputs = this.inputs.inputsFor({ languageId: file.language, filePath: file.path }, settings);
    if (!inputs.active) return undefined;
    let fileStamp: string;
    try {
      const { mtimeMs, size } = await stat(file.path);
      fileStamp = `${mtimeMs}:${size}`;
    } catch {
      // Deleted since the listing: nothing to count.
      this.diskResults.delete(file.path);
      return undefined;
    }
    const types = inputs.typeScript ? this.typeChecking.typesOf(inputs.typeScript) : undefined;
    const stamp = JSON.stringify([fileStamp, inputs.key, inputs.project && indexStamp(inputs.project), types?.stamp]);
    const cached = this.diskResults.get(file.path);
    if (cached?.stamp === stamp) return { uri, language: file.language, inputs, findings: cached.findings, analysed: true };

    const source = await readSourceText(file.path);
    if (source.kind !== 'text') return undefined;
    try {
      const findings = analyze(source.text, file.language, engineOptions(inputs, file.path, types, this.log), token);
      this.diskResults.set(file.path, { stamp, findings });
      return { uri, language: file.language, inputs, findings, analysed: true };
    } catch (error) {
      if (error instanceof AnalysisCancelledError) return undefined;
      this.log.errorOnce(`checklist-file:${file.path}`, `Could not analyse ${file.path} for the checklist.`, error);
      return undefined;
    }
  }
}
