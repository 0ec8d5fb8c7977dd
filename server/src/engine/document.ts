// A source text and its syntax tree, kept in step with editor changes so each analysis
// re-parses only what changed (tree-sitter's and the TypeScript parser's incremental modes).
import ts from 'typescript';
import type { Tree } from 'web-tree-sitter';
import type { PythonAnalysisState } from './python/analyze';
import { parsePython } from './python/parser';
import { LineIndex } from './text';
import type { ScriptAnalysisState } from './typescript/analyze';
import { parseTypeScript, reparseTypeScript } from './typescript/parser';
import type { CancellationToken, Range, SourceLanguage } from './types';

export interface ContentChange {
  /** Absent for a whole-text replacement. */
  range?: Range;
  text: string;
}

export type ParsedTree = { kind: 'python'; tree: Tree } | { kind: 'script'; sourceFile: ts.SourceFile };

/**
 * Script re-parses between two full parses. An incremental re-parse keeps the nodes the change
 * did not touch, and with them substrings of the text they were parsed from, which V8 keeps
 * whole: a file edited in many places held one old text per place (13 MB more for a
 * 5,000-line file edited in 73 places). A full parse now and then lets them go, so at most this
 * many old texts are held, for a full parse's cost once in as many edits.
 */
const INCREMENTAL_SCRIPT_PARSES = 32;

export function isPython(language: SourceLanguage): boolean {
  return language === 'python';
}

function endPoint(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lines = new LineIndex(inserted);
  const last = lines.lineCount - 1;
  const lastLength = inserted.length - lines.lineStart(last);
  return last === 0 ? { row: start.row, column: start.column + lastLength } : { row: start.row + last, column: lastLength };
}

export class SourceDocument {
  private textValue: string;
  private linesValue: LineIndex | undefined;
  private pythonTree: Tree | undefined;
  private sourceFile: ts.SourceFile | undefined;
  /** Changes made to the script since `sourceFile` was parsed, in its coordinates then. */
  private pendingScriptChanges: ts.TextChangeRange[] = [];
  /** Incremental re-parses since the last full parse. */
  private incrementalScriptParses = 0;
  private stale = true;
  /** Per-statement results kept between analyses; owned by the engine. */
  pythonState: PythonAnalysisState | undefined;
  scriptState: ScriptAnalysisState | undefined;

  constructor(
    text: string,
    readonly language: SourceLanguage,
    readonly fileName?: string,
  ) {
    this.textValue = text;
  }

  get text(): string {
    return this.textValue;
  }

  get lines(): LineIndex {
    return (this.linesValue ??= new LineIndex(this.textValue));
  }

  /** Applies one editor change; parsing waits until the tree is next asked for. */
  applyChange(change: ContentChange): void {
    if (!change.range) {
      this.replaceAll(change.text);
      return;
    }
    const lines = this.lines;
    const startIndex = lines.offsetAt(change.range.start);
    const oldEndIndex = Math.max(startIndex, lines.offsetAt(change.range.end));
    const newText = this.textValue.slice(0, startIndex) + change.text + this.textValue.slice(oldEndIndex);
    if (this.pythonTree) {
      const startPosition = lines.positionAt(startIndex);
      const oldEnd = lines.positionAt(oldEndIndex);
      const start = { row: startPosition.line, column: startPosition.character };
      this.pythonTree.edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition: start,
        oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
        newEndPosition: endPoint(start, change.text),
      });
    }
    if (this.sourceFile) {
      this.pendingScriptChanges.push(ts.createTextChangeRange(ts.createTextSpan(startIndex, oldEndIndex - startIndex), change.text.length));
    }
    this.textValue = newText;
    this.linesValue = undefined;
    this.stale = true;
  }

  replaceAll(text: string): void {
    this.textValue = text;
    this.linesValue = undefined;
    this.pythonTree?.delete();
    this.pythonTree = undefined;
    this.sourceFile = undefined;
    this.pendingScriptChanges = [];
    this.stale = true;
  }

  /**
   * The tree for the current text, re-parsed incrementally when edits came in. A Python parse
   * stops when `token` is cancelled; the edited old tree is kept for the next try.
   */
  parse(token?: CancellationToken): ParsedTree {
    if (isPython(this.language)) {
      if (this.stale || !this.pythonTree) {
        const previous = this.pythonTree;
        this.pythonTree = parsePython(this.textValue, previous, token);
        previous?.delete();
        this.stale = false;
      }
      return { kind: 'python', tree: this.pythonTree };
    }
    if (this.stale || !this.sourceFile) {
      try {
        if (this.sourceFile && this.pendingScriptChanges.length > 0 && this.incrementalScriptParses < INCREMENTAL_SCRIPT_PARSES) {
          const change = ts.collapseTextChangeRangesAcrossMultipleVersions(this.pendingScriptChanges);
          this.sourceFile = reparseTypeScript(this.sourceFile, this.textValue, change);
          this.incrementalScriptParses++;
        } else {
          this.sourceFile = parseTypeScript(this.textValue, this.language, this.fileName);
          this.incrementalScriptParses = 0;
        }
      } catch (error) {
        // The parser can fail (its recursion overflows the stack on deeply nested code). An
        // incremental parse marks the old tree as used up before it starts, so the next parse
        // must be a full one.
        this.sourceFile = undefined;
        throw error;
      } finally {
        this.pendingScriptChanges = [];
      }
      this.stale = false;
    }
    return { kind: 'script', sourceFile: this.sourceFile };
  }

  /** Frees the wasm memory of the Python tree. */
  dispose(): void {
    this.pythonState = undefined;
    this.scriptState = undefined;
    this.pythonTree?.delete();
    this.pythonTree = undefined;
    this.sourceFile = undefined;
  }
}
