// Findings per top-level statement, reused while the statement's text, its start column and
// the module-level facts (imports, which functions are coroutines, options) are unchanged.
// Rules only look inside their statement plus those facts, so a keystroke re-analyses one
// statement instead of the file. Positions inside a statement are stored relative to its
// first line, so findings survive lines inserted above; positions outside it (an import
// added at the top by a fix) are kept as they are, and depend only on the facts.
import type { Finding, Position, Range, TextEdit } from './types';

interface Span {
  startLine: number;
  endLine: number;
}

type PositionMap = (position: Position) => Position;

function mapRange(range: Range, map: PositionMap): Range {
  return { start: map(range.start), end: map(range.end) };
}

function mapFinding(finding: Finding, map: PositionMap): Finding {
  return {
    ...finding,
    range: mapRange(finding.range, map),
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit): TextEdit => ({ range: mapRange(edit.range, map), newText: edit.newText })),
    })),
    related: finding.related.map((related) => ({ ...related, range: mapRange(related.range, map) })),
  };
}

/** Relative positions carry a negative-free line offset plus this marker, absolute ones don't. */
const RELATIVE = 1 << 28;

function toStored(finding: Finding, span: Span): Finding {
  return mapFinding(finding, (position) =>
    position.line >= span.startLine && position.line <= span.endLine
      ? { line: RELATIVE + position.line - span.startLine, character: position.character }
      : position,
  );
}

function fromStored(finding: Finding, startLine: number): Finding {
  return mapFinding(finding, (position) =>
    position.line >= RELATIVE ? { line: position.line - RELATIVE + startLine, character: position.character } : position,
  );
}

export interface StatementKey {
  /** The statement's text and start column, which together fix its internal layout. */
  key: string;
  startLine: number;
  endLine: number;
}

export class StatementCache {
  private factsKey = '';
  private entries = new Map<string, Finding[]>();
  private next = new Map<string, Finding[]>();

  /** Starts a run; a change of module facts invalidates everything. */
  begin(factsKey: string): void {
    if (factsKey !== this.factsKey) {
      this.factsKey = factsKey;
      this.entries.clear();
    }
    this.next = new Map();
  }

  lookup(statement: StatementKey): Finding[] | undefined {
    const stored = this.entries.get(statement.key);
    if (!stored) return undefined;
    this.next.set(statement.key, stored);
    return stored.map((finding) => fromStored(finding, statement.startLine));
  }

  store(statement: StatementKey, findings: Finding[]): void {
    this.next.set(statement.key, findings.map((finding) => toStored(finding, statement)));
  }

  /** Ends a run, keeping only what this text still contains, so memory tracks the file. */
  commit(): void {
    this.entries = this.next;
    this.next = new Map();
  }

  /** After a failing rule the run is incomplete: nothing from it may be reused. */
  clear(): void {
    this.factsKey = '';
    this.entries.clear();
    this.next = new Map();
  }
}
