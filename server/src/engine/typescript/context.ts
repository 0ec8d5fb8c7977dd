// What a TypeScript/JavaScript rule sees while the engine walks a file once: the node, the
// function it sits in, what imported names resolve to, and a way to report.
import ts from 'typescript';
import { FindingCollector, type ReportOptions } from '../report';
import type { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';
import type { ModuleBindings } from './bindings';
import type { ScriptProjectFile } from './project-index';
import type { FileSymbols } from './symbols';
import type { TypeQueries } from './type-queries';

export type TypeScriptVisitor = (node: ts.Node, context: TypeScriptContext) => void;
/** Handlers keyed by syntax kind. */
export type TypeScriptVisitors = Readonly<Partial<Record<ts.SyntaxKind, TypeScriptVisitor>>>;

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

export function isAsyncFunction(node: ts.Node): boolean {
  return isFunctionLike(node) && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Async) !== 0;
}

/** Global names whose meaning the rules rely on, unless the file declares its own. */
const GLOBAL_NAMES = new Set(['Promise', 'fetch', 'setTimeout', 'setInterval', 'Atomics', 'process', 'XMLHttpRequest']);

/** What the caller tells the TS/JS rules beyond the file's own text. */
export interface ScriptInputs {
  readonly types?: TypeQueries;
  /** Calls whose promise may be dropped (`test.it`: module names without a `node:` scheme). */
  readonly safeCalls: readonly string[];
  /** The file's place in its project's index, for what other files export (cross-file knowledge without types). */
  readonly project?: ScriptProjectFile;
}

export class TypeScriptContext {
  private readonly frames: FunctionLike[] = [];

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly lines: LineIndex,
    readonly bindings: ModuleBindings,
    readonly symbols: FileSymbols,
    private readonly collector: FindingCollector,
    readonly inputs: ScriptInputs,
  ) {}

  /** The checker's answers, in type-aware mode only: they add to what syntax decides and settle its guesses by name. */
  get types(): TypeQueries | undefined {
    return this.inputs.types;
  }

  /** Whether a name bound by an import of a project file (`./store.save`, see `qualifiedName`) is a function that returns a promise. */
  isImportedPromiseFunction(qualified: string): boolean {
    const project = this.inputs.project;
    return project !== undefined && project.index.isPromiseFunction(project.path, qualified);
  }

  get text(): string {
    return this.sourceFile.text;
  }

  // --- where we are -------------------------------------------------------------------

  get currentFunction(): FunctionLike | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** True inside the body of an async function, not inside a nested non-async function. */
  get inAsyncContext(): boolean {
    const current = this.currentFunction;
    return current !== undefined && isAsyncFunction(current);
  }

  enterFunction(node: FunctionLike): void {
    this.frames.push(node);
  }

  leaveFunction(): void {
    this.frames.pop();
  }

  // --- names --------------------------------------------------------------------------

  /**
   * The dotted name an expression stands for after following imports and requires
   * (`readFileSync` -> `fs.readFileSync`, `fsp.readFile` -> `fs/promises.readFile`), or the
   * global name for unshadowed globals, else undefined.
   */
  qualifiedName(node: ts.Node): string | undefined {
    if (ts.isIdentifier(node)) {
      const bound = this.bindings.get(node.text);
      if (bound) return bound;
      if (GLOBAL_NAMES.has(node.text) && !this.symbols.topLevelNames.has(node.text)) return node.text;
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const head = this.qualifiedName(node.expression);
      return head ? `${head}.${node.name.text}` : undefined;
    }
    if (ts.isParenthesizedExpression(node)) return this.qualifiedName(node.expression);
    return undefined;
  }

  calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
    return this.qualifiedName(call.expression);
  }

  // --- reporting and edits ------------------------------------------------------------

  report(node: ts.Node, message: string, options: ReportOptions = {}): void {
    this.collector.report(this.rangeOf(node), message, options);
  }

  rangeOf(node: ts.Node): Range {
    return this.lines.rangeOf(node.getStart(this.sourceFile), node.getEnd());
  }

  replace(node: ts.Node, newText: string): TextEdit {
    return { range: this.rangeOf(node), newText };
  }

  insertAt(offset: number, newText: string): TextEdit {
    const position = this.lines.positionAt(offset);
    return { range: { start: position, end: position }, newText };
  }

  /** Removes `[start, end)` of the text. */
  deleteSpan(start: number, end: number): TextEdit {
    return { range: this.lines.rangeOf(start, end), newText: '' };
  }

  /**
   * Edits that put `prefix` (such as `await ` or `void `) before an expression, wrapping it
   * in parentheses when it is not a unary-level operand, so precedence holds.
   */
  prefixEdits(expression: ts.Expression, prefix: string): TextEdit[] {
    const start = expression.getStart(this.sourceFile);
    if (isUnaryOperand(expression)) return [this.insertAt(start, prefix)];
    return [this.insertAt(start, `${prefix}(`), this.insertAt(expression.getEnd(), ')')];
  }

  /**
   * Edits that make a call nested in an expression awaited: `await <call>`, parenthesised
   * when the parent binds tighter than `await`. `head` replaces the callee in the same
   * edit, so insertion and replacement never overlap.
   */
  awaitCallEdits(call: ts.CallExpression, head: { node: ts.Node; text: string }): TextEdit[] {
    const parent = call.parent;
    const tight =
      (ts.isPropertyAccessExpression(parent) && parent.expression === call) ||
      (ts.isElementAccessExpression(parent) && parent.expression === call) ||
      (ts.isCallExpression(parent) && parent.expression === call) ||
      ts.isNonNullExpression(parent) ||
      ts.isTaggedTemplateExpression(parent);
    const edits = [this.replace(head.node, `${tight ? '(await ' : 'await '}${head.text}`)];
    if (tight) edits.push(this.insertAt(call.getEnd(), ')'));
    return edits;
  }

  /** Edits that append `suffix` (such as `.catch(...)`) to an expression, wrapping when needed. */
  suffixEdits(expression: ts.Expression, suffix: string): TextEdit[] {
    const end = expression.getEnd();
    if (isLeftHandSide(expression)) return [this.insertAt(end, suffix)];
    return [this.insertAt(expression.getStart(this.sourceFile), '('), this.insertAt(end, `)${suffix}`)];
  }
}

/** Expressions that can follow `.` or be called without parentheses around them. */
function isLeftHandSide(expression: ts.Expression): boolean {
  return (
    ts.isCallExpression(expression) ||
    ts.isPropertyAccessExpression(expression) ||
    ts.isElementAccessExpression(expression) ||
    ts.isIdentifier(expression) ||
    ts.isParenthesizedExpression(expression) ||
    (ts.isNewExpression(expression) && expression.arguments !== undefined)
  );
}

function isUnaryOperand(expression: ts.Expression): boolean {
  return isLeftHandSide(expression) || ts.isNewExpression(expression) || ts.isAwaitExpression(expression);
}
