// What the soak benchmark types into a document of the generated corpus: below one of its
// `label = "ready"` lines (inside an async method) a new line, then a statement that is a
// finding, one character at a time, then the same backwards until the text is as it was. Each
// cycle adds a finding and removes it again, through the incomplete statements in between.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';

export type SoakLanguage = 'python' | 'typescript';

export interface TypingStep {
  change: TextDocumentContentChangeEvent;
  /** On the step that completes the statement: the rule that must now report it, and where. */
  completes?: { ruleId: string; line: number };
  /** On the last step of a cycle: the text is the document's original again. */
  restores?: true;
}

interface Snippet {
  /** The line typed below; its indentation is the new line's. */
  anchor: RegExp;
  statement: string;
  ruleId: string;
}

const SNIPPETS: Readonly<Record<SoakLanguage, Snippet>> = {
  python: { anchor: /^(\s*)label = "ready"$/, statement: 'time.sleep(1)', ruleId: 'blocking-sleep' },
  typescript: { anchor: /^(\s*)const label = 'ready';$/, statement: 'this.fetch(id);', ruleId: 'floating-promise' },
};

interface Anchor {
  line: number;
  indent: string;
  length: number;
}

export class TypingScript {
  private readonly snippet: Snippet;
  private readonly anchors: Anchor[] = [];

  constructor(text: string, language: SoakLanguage) {
    this.snippet = SNIPPETS[language];
    text.split('\n').forEach((line, index) => {
      const match = this.snippet.anchor.exec(line);
      if (match) this.anchors.push({ line: index, indent: match[1], length: line.length });
    });
    if (this.anchors.length === 0) throw new Error(`the generated ${language} document has no line to type below`);
  }

  /** The edits of the `index`-th cycle, which types below the anchors in turn. */
  *cycle(index: number): Generator<TypingStep> {
    const { line, indent, length } = this.anchors[index % this.anchors.length];
    const { statement, ruleId } = this.snippet;
    const lineEnd = { line, character: length };
    const row = line + 1;
    const at = (column: number): { line: number; character: number } => ({ line: row, character: indent.length + column });
    yield { change: { range: { start: lineEnd, end: lineEnd }, text: `\n${indent}` } };
    for (let column = 0; column < statement.length; column++) {
      const step: TypingStep = { change: { range: { start: at(column), end: at(column) }, text: statement[column] } };
      if (column === statement.length - 1) step.completes = { ruleId, line: row };
      yield step;
    }
    for (let column = statement.length - 1; column >= 0; column--) {
      yield { change: { range: { start: at(column), end: at(column + 1) }, text: '' } };
    }
    yield { change: { range: { start: lineEnd, end: at(0) }, text: '' }, restores: true };
  }
}
