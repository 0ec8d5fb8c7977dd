// The edit that silences one finding with a suppression comment in the grammar that
// suppressions.ts reads. Python gets `# awaitwise: ignore[id]` at the end of the finding's line;
// TS/JS gets `// awaitwise-ignore-next-line id` (or `{/* ... */}` among JSX children) on a new
// line above it. When a directive of ours is already there, the id joins its list instead.
// Where no comment can go without changing the program, there is no edit.
import ts from 'typescript';
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceDocument } from './document';
import type { Suppression } from './suppressions';
import type { TextEdit } from './types';
import { UNUSED_SUPPRESSION_ID } from './unused-suppressions';

/** What the edit needs to know about the finding to silence. */
export interface SuppressionTarget {
  ruleId: string;
  /** The finding's start line: the line a directive must name. */
  line: number;
}

/**
 * `suppressions` are the ones the engine found in the document's current text
 * (`analyzeDocument(...).suppressions`), so an existing directive can be extended.
 */
export function suppressionEdit(
  document: SourceDocument,
  suppressions: readonly Suppression[],
  target: SuppressionTarget,
): TextEdit | undefined {
  const withCodes = suppressions.filter((suppression) => suppression.kind === 'awaitwise' && suppression.codes.length > 0);
  // An unused-suppression hint sits on the directive it is about: naming the rule there keeps
  // that directive (in TS/JS it would otherwise take a new directive on the line above).
  const existing =
    (target.ruleId === UNUSED_SUPPRESSION_ID ? withCodes.find((suppression) => suppression.range.start.line === target.line) : undefined) ??
    withCodes.find((suppression) => suppression.targetLine === target.line);
  const parsed = document.parse();
  if (parsed.kind === 'python') {
    return existing ? extendPythonDirective(document, existing, target.ruleId) : appendPythonDirective(document, parsed.tree, target);
  }
  return existing ? extendScriptDirective(existing, target.ruleId) : insertScriptDirective(document, parsed.sourceFile, target);
}

function insertion(line: number, character: number, newText: string): TextEdit {
  const position = { line, character };
  return { range: { start: position, end: position }, newText };
}

// --- Python ---------------------------------------------------------------------------

function extendPythonDirective(document: SourceDocument, directive: Suppression, ruleId: string): TextEdit | undefined {
  // The directive's range ends just after the `]` that closes its list.
  const { line, character } = directive.range.end;
  if (document.lines.lineText(line)[character - 1] !== ']') return undefined;
  return insertion(line, character - 1, `, ${ruleId}`);
}

function appendPythonDirective(document: SourceDocument, tree: Tree, target: SuppressionTarget): TextEdit | undefined {
  const { line } = target;
  const content = document.lines.lineText(line);
  const root = tree.rootNode;
  if (content.length === 0 || endsInsideString(root, line, content.length) || endsWithContinuation(root, line, content.length)) {
    return undefined;
  }
  // Replaces trailing whitespace so the comment sits two spaces after the code, as PEP 8 asks.
  const codeEnd = content.trimEnd().length;
  return {
    range: { start: { line, character: codeEnd }, end: { line, character: content.length } },
    newText: `  # awaitwise: ignore[${target.ruleId}]`,
  };
}

/** True when a string literal opened on or before this line is still open at its end. */
function endsInsideString(root: Node, line: number, column: number): boolean {
  for (let node: Node | null = root.descendantForPosition({ row: line, column }); node; node = node.parent) {
    if (node.type !== 'string') continue;
    const opensBefore = node.startPosition.row < line || node.startPosition.column < column;
    if (opensBefore && node.endPosition.row > line) return true;
  }
  return false;
}

/** A backslash joining the next line: anything appended would land inside the statement. */
function endsWithContinuation(root: Node, line: number, column: number): boolean {
  return root.descendantForPosition({ row: line, column: column - 1 })?.type === 'line_continuation';
}

// --- TypeScript / JavaScript ----------------------------------------------------------

/** Where a line begins, for the directive that would go above it. */
type LineContext = 'code' | 'jsx-children' | 'literal';

const LITERAL_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.StringLiteral,
]);

/**
 * Other tools' directives that apply to the next line. A line of ours between one of them
 * and its target would take that target away, so no edit is offered below them.
 */
const FOREIGN_NEXT_LINE_DIRECTIVE =
  /^\s*(?:\{\s*)?(?:\/\/|\/\*)\s*(?:eslint-disable-next-line|oxlint-disable-next-line|@ts-ignore|@ts-expect-error|biome-ignore|deno-lint-ignore|prettier-ignore)\b/;

function extendScriptDirective(directive: Suppression, ruleId: string): TextEdit | undefined {
  // The list ends with its last code (a `-- reason` or the comment's `*/` may follow).
  const last = directive.codeRanges.at(-1);
  return last ? insertion(last.end.line, last.end.character, `, ${ruleId}`) : undefined;
}

function insertScriptDirective(
  document: SourceDocument,
  sourceFile: ts.SourceFile,
  target: SuppressionTarget,
): TextEdit | undefined {
  const { line } = target;
  const lines = document.lines;
  const content = lines.lineText(line);
  const indent = /^[ \t]*/.exec(content)![0];
  const context = lineContext(sourceFile, lines.lineStart(line) + indent.length);
  if (context === 'literal') return undefined;
  if (line > 0 && FOREIGN_NEXT_LINE_DIRECTIVE.test(lines.lineText(line - 1))) return undefined;
  const directive = `awaitwise-ignore-next-line ${target.ruleId}`;
  const comment = context === 'jsx-children' ? `{/* ${directive} */}` : `// ${directive}`;
  return insertion(line, 0, `${indent}${comment}${lines.eol}`);
}

function strictlyContains(node: ts.Node, sourceFile: ts.SourceFile, offset: number): boolean {
  return node.getStart(sourceFile) < offset && offset < node.end;
}

/**
 * What a line whose code starts at `offset` sits in. A node that starts exactly there begins
 * on this line, so the line belongs to the node around it; only nodes that strictly contain
 * the offset decide.
 */
function lineContext(sourceFile: ts.SourceFile, offset: number): LineContext {
  let context: LineContext = 'code';
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (LITERAL_KINDS.has(node.kind)) return 'literal';
    if (ts.isJsxElement(node) || ts.isJsxFragment(node)) {
      const opening = ts.isJsxElement(node) ? node.openingElement : node.openingFragment;
      const closing = ts.isJsxElement(node) ? node.closingElement : node.closingFragment;
      context = offset >= opening.end && offset <= closing.getStart(sourceFile) ? 'jsx-children' : 'code';
    } else if (ts.isJsxExpression(node) || ts.isJsxOpeningLikeElement(node)) {
      context = 'code';
    }
    node = ts.forEachChild(node, (child) => (strictlyContains(child, sourceFile, offset) ? child : undefined));
  }
  return context;
}
