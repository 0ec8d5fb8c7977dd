// What a Python rule sees while the engine walks a module once: the node, where it sits
// (which function, async or not), what names resolve to, and a way to report.
import type { Node, Point } from 'web-tree-sitter';
import { FindingCollector, type ReportOptions } from '../report';
import type { LineIndex } from '../text';
import type { Position, PythonVersion, Range, TextEdit } from '../types';
import type { ProjectIndex } from '../project';
import { type AsyncLibrary, type ModuleImports, bindingsOfImport, resolveDotted, resolveRelative } from './imports';
import type { ModuleSymbols } from './symbols';
import { parameterName, unparenthesized } from './syntax';

export type PythonVisitor = (node: Node, context: PythonContext) => void;
/** Handlers keyed by tree-sitter node type (`call`, `with_statement`...). */
export type PythonVisitors = Readonly<Record<string, PythonVisitor>>;

export interface FunctionFrame {
  readonly node: Node;
  /** `lambda` frames are never async: code in them runs wherever the lambda is called. */
  readonly kind: 'async' | 'sync' | 'lambda';
  /** The class whose body directly holds this function, when it is a method. */
  readonly className: string | undefined;
}

const BUILTIN_NAMES = new Set(['open', 'input', 'print', 'exec', 'eval', 'compile', '__import__']);

export class PythonContext {
  private readonly frames: FunctionFrame[] = [];
  private readonly classes: Array<{ name: string; body: Node | null }> = [];
  /** Imports made inside functions of the current top-level statement. */
  private localBindings = new Map<string, string>();
  /** `qualifiedName` answers for the current statement, by node id. */
  private readonly qualifiedNames = new Map<number, string | undefined>();

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly pythonVersion: PythonVersion,
    /** Module-level imports. */
    readonly imports: ModuleImports,
    readonly library: AsyncLibrary,
    readonly symbols: ModuleSymbols,
    /** Coroutine functions of other files; absent when analysing a file on its own. */
    private readonly project: ProjectIndex | undefined,
    private readonly packageSegments: readonly string[] | undefined,
    /** Qualified names the user declares blocking (the `blockingCalls` option). */
    readonly blockingCalls: ReadonlySet<string>,
    /** Names and dotted names the user declares startable (the `startableFunctions` option). */
    readonly startableFunctions: ReadonlySet<string>,
    private readonly collector: FindingCollector,
  ) {}

  bindLocalImport(node: Node): void {
    const found = { bindings: [] as Array<[string, string]>, modules: [] as string[] };
    bindingsOfImport(node, found);
    for (const [local, target] of found.bindings) this.localBindings.set(local, resolveRelative(target, this.packageSegments));
    this.qualifiedNames.clear();
  }

  /** Whether a qualified name is a coroutine function defined in another file of the project. */
  isProjectCoroutine(qualified: string): boolean {
    return this.project?.isCoroutine(qualified) ?? false;
  }

  /** Local imports are scoped to their function; statements never share them. */
  endStatement(): void {
    if (this.localBindings.size > 0) this.localBindings = new Map();
    this.qualifiedNames.clear();
  }

  // --- where we are -------------------------------------------------------------------

  /** The innermost function (or lambda) around the node being visited. */
  get currentFunction(): FunctionFrame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** True in code that runs on the event loop: an `async def` body, not a nested def or lambda. */
  get inAsyncContext(): boolean {
    return this.currentFunction?.kind === 'async';
  }

  enterFunction(node: Node): void {
    const kind =
      node.type === 'lambda' ? 'lambda' : node.children[0]?.type === 'async' ? 'async' : 'sync';
    // A method is a statement of the innermost class's body, maybe under decorators: one look
    // among that body's statements, where `node.parent` would search down from the root, slow
    // in deeply nested code.
    const owner = this.classes[this.classes.length - 1];
    const holder = owner?.body?.childWithDescendant(node);
    const directlyInClass =
      holder?.equals(node) || (holder?.type === 'decorated_definition' && holder.childForFieldName('definition')?.equals(node));
    this.frames.push({ node, kind, className: directlyInClass ? owner?.name : undefined });
  }

  leaveFunction(): void {
    this.frames.pop();
  }

  enterClass(node: Node): void {
    this.classes.push({ name: node.childForFieldName('name')?.text ?? '', body: node.childForFieldName('body') });
  }

  leaveClass(): void {
    this.classes.pop();
  }

  /**
   * True where `await` may be inserted without changing meaning: async context, and not
   * inside a generator expression (where `await` would make it an async generator).
   */
  canAwaitHere(node: Node): boolean {
    const frame = this.currentFunction;
    if (frame?.kind !== 'async') return false;
    // One search, run inside the parser, for generator expressions around the node rather than
    // a climb through its ancestors, where each step searches down from the root.
    const around = frame.node.descendantsOfType('generator_expression', node.startPosition, node.endPosition);
    return !around.some(
      (expression) => expression !== null && !expression.equals(node) && expression.startIndex <= node.startIndex && node.endIndex <= expression.endIndex,
    );
  }

  /**
   * True when an enclosing function binds `name` itself (a parameter or an assignment), so
   * it does not refer to the module-level definition.
   */
  isLocallyBound(name: string): boolean {
    for (const frame of this.frames) {
      for (const parameter of frame.node.childForFieldName('parameters')?.namedChildren ?? []) {
        if (parameter && parameterName(parameter) === name) return true;
      }
      const body = frame.node.childForFieldName('body');
      for (const assignment of body?.descendantsOfType(['assignment', 'for_statement', 'with_item', 'function_definition']) ?? []) {
        const target =
          assignment?.type === 'function_definition'
            ? assignment.childForFieldName('name')
            : assignment?.type === 'with_item'
              ? assignment.childForFieldName('value')?.childForFieldName('alias')
              : (assignment?.childForFieldName('left') ?? null);
        if (target?.type === 'identifier' && target.text === name) return true;
      }
    }
    return false;
  }

  /** The class of the innermost enclosing method, for `self.m()` / `cls.m()` lookups. */
  get enclosingClassName(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const className = this.frames[i].className;
      if (className !== undefined) return className;
    }
    return undefined;
  }

  atLeast(major: number, minor: number): boolean {
    const { major: m, minor: n } = this.pythonVersion;
    return m > major || (m === major && n >= minor);
  }

  // --- names --------------------------------------------------------------------------

  /**
   * The dotted name an expression stands for after following imports (`aio.sleep` ->
   * `asyncio.sleep`), `builtins.open` for unshadowed builtins, or undefined when the head
   * is not an import.
   */
  qualifiedName(node: Node): string | undefined {
    // Many rules ask about the same callee; each answer costs several calls into the parser.
    const id = node.id;
    if (this.qualifiedNames.has(id)) return this.qualifiedNames.get(id);
    const name = this.resolveQualifiedName(node);
    this.qualifiedNames.set(id, name);
    return name;
  }

  private resolveQualifiedName(node: Node): string | undefined {
    if (node.type === 'identifier') {
      const bound = this.binding(node.text);
      if (bound) return bound;
      if (BUILTIN_NAMES.has(node.text) && !this.symbols.moduleNames.has(node.text)) return `builtins.${node.text}`;
      return undefined;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const head = this.qualifiedName(object);
      return head ? `${head}.${attribute.text}` : undefined;
    }
    return undefined;
  }

  /** The call an expression statement consists of, looking through parentheses. */
  statementCall(statement: Node): Node | undefined {
    const expression = statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    const call = expression ? unparenthesized(expression) : null;
    return call?.type === 'call' ? call : undefined;
  }

  /** `mod.Base` -> `pkg.mod.Base` through the module's imports; unknown heads stay as written. */
  resolveDotted(dotted: string): string {
    return resolveDotted(dotted, (name) => this.binding(name));
  }

  /** What an imported name stands for: a local import in this function first, then the module's. */
  private binding(name: string): string | undefined {
    return this.localBindings.get(name) ?? this.imports.bindings.get(name);
  }

  /** The qualified name of a call's callee. */
  calleeName(call: Node): string | undefined {
    const callee = call.childForFieldName('function');
    return callee ? this.qualifiedName(callee) : undefined;
  }

  /**
   * How to refer to `module` here, and the edit that imports it when the module has no
   * plain import of it yet.
   */
  moduleReference(module: string): { reference: string; edits: TextEdit[] } {
    for (const [local, target] of this.imports.bindings) {
      if (target === module) return { reference: local, edits: [] };
    }
    const line = this.imports.insertionLine;
    const position = { line, character: 0 };
    return {
      reference: module,
      edits: [{ range: { start: position, end: position }, newText: `import ${module}${this.lines.eol}` }],
    };
  }

  // --- reporting and edits ------------------------------------------------------------

  report(node: Node, message: string, options: ReportOptions = {}): void {
    this.collector.report(this.rangeOf(node), message, options);
  }

  rangeOf(node: Node): Range {
    return { start: this.positionOf(node.startPosition), end: this.positionOf(node.endPosition) };
  }

  /**
   * A tree position as a document one, never past its line's content: a comment token takes in
   * the `\r` of a CRLF line break, and a range ending between `\r` and `\n` would split it.
   */
  private positionOf({ row, column }: Point): Position {
    return { line: row, character: Math.min(column, this.lines.lineEnd(row) - this.lines.lineStart(row)) };
  }

  replace(node: Node, newText: string): TextEdit {
    return { range: this.rangeOf(node), newText };
  }

  insertBefore(node: Node, newText: string): TextEdit {
    const start = { line: node.startPosition.row, character: node.startPosition.column };
    return { range: { start, end: start }, newText };
  }

  /**
   * Edits that turn the expression into `await <expression>`, parenthesised where the
   * expression is the object of an attribute, subscript or call, so precedence holds.
   * `head` replaces the expression's leading node (a callee) in the same edit, so the
   * insertion and the replacement never overlap.
   */
  awaitEdits(node: Node, head?: { node: Node; text: string }): TextEdit[] {
    const parent = node.parent;
    const tight =
      parent !== null &&
      ((parent.type === 'attribute' && parent.childForFieldName('object')?.equals(node)) ||
        (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(node)) ||
        (parent.type === 'call' && parent.childForFieldName('function')?.equals(node)) ||
        parent.type === 'await');
    const prefix = tight ? '(await ' : 'await ';
    const edits = [head ? this.replace(head.node, prefix + head.text) : this.insertBefore(node, prefix)];
    if (tight) {
      const end = { line: node.endPosition.row, character: node.endPosition.column };
      edits.push({ range: { start: end, end }, newText: ')' });
    }
    return edits;
  }
}
