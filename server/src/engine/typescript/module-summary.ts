// What a TS/JS file tells the files that import it: which of its exports are functions that
// return promises, and which exports it passes on from other modules. ES module exports and
// the CommonJS forms (`exports.f = ...`, `module.exports = { f }`) are both read, as a file
// imported with `require` usually exports the CommonJS way.
import ts from 'typescript';
import { languageForPath } from '../languages';
import { notAnalysedReason } from '../nesting';
import { type ModuleBindings, collectBindings, normaliseModule } from './bindings';
import { parseTypeScript } from './parser';
import { returnsPromise } from './symbols';
import { unwrapExpression } from './syntax';

/** What one TS/JS file contributes to a `ScriptProjectIndex`. */
export interface ScriptModuleSummary {
  /**
   * Export path -> whether calling it returns a promise. `default` is the default export (and
   * what `module.exports = ...` or `export = ...` assigns); `Store.load` is a static method of
   * an exported class, `api.save` a function of an exported object literal. Every top-level
   * name the file exports from its own declarations is here, false when it is not known to
   * return a promise, because it hides a same-named `export *` export.
   */
  exports: Record<string, boolean>;
  /** Export path -> the dotted name it passes on, written as imports bind names (`./store.save`; `./store` for a default or namespace). */
  reexports: Record<string, string>;
  /** Specifiers whose exports this file passes on whole: `export * from` and `module.exports = require(...)`. */
  stars: string[];
}

/** What a top-level name of the file stands for: a declaration, or a variable's initializer. */
type LocalValue = ts.FunctionDeclaration | ts.ClassDeclaration | ts.Expression | undefined;

/** How deep `const a = b` chains and nested object literals are followed. */
const MAX_VALUE_DEPTH = 4;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

function memberPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** The name of a property or method, when it is spelled out. */
function staticName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** `require('<specifier>')`, as written. */
function requiredModule(node: ts.Expression): string | undefined {
  const call = unwrapExpression(node);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  const [argument] = call.arguments;
  return call.arguments.length === 1 && ts.isStringLiteralLike(argument) ? normaliseModule(argument.text) : undefined;
}

/** `module.exports`, or `exports`, as the target of an assignment. */
function isModuleExports(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

/** The top-level names the file declares and what each stands for; overloads count as returning a promise if any signature does. */
function collectLocals(sourceFile: ts.SourceFile): Map<string, LocalValue> {
  const locals = new Map<string, LocalValue>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      const previous = locals.get(statement.name.text);
      const keepPrevious = previous !== undefined && ts.isFunctionDeclaration(previous) && returnsPromise(previous);
      if (!keepPrevious) locals.set(statement.name.text, statement);
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      locals.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) locals.set(declaration.name.text, declaration.initializer);
      }
    }
  }
  return locals;
}

class SummaryBuilder {
  readonly summary: ScriptModuleSummary = { exports: {}, reexports: {}, stars: [] };

  constructor(
    private readonly locals: ReadonlyMap<string, LocalValue>,
    private readonly bindings: ModuleBindings,
  ) {}

  /** Records that `path` exports the file's own top-level `name`, or the import it binds. */
  exportName(path: string, name: string, depth = 0): void {
    const bound = this.bindings.get(name);
    if (bound !== undefined) this.summary.reexports[path] = bound;
    else if (this.locals.has(name) && depth < MAX_VALUE_DEPTH) this.exportValue(path, this.locals.get(name), depth + 1);
    else this.unknown(path);
  }

  /** Records what `path` exports, given the declaration or expression it is. */
  exportValue(path: string, value: LocalValue, depth = 0): void {
    const node = value && (ts.isFunctionDeclaration(value) || ts.isClassDeclaration(value) ? value : unwrapExpression(value));
    if (!node) {
      this.unknown(path);
    } else if (ts.isIdentifier(node)) {
      this.exportName(path, node.text, depth);
    } else if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
      this.summary.exports[path] = returnsPromise(node);
    } else if (ts.isClassLike(node)) {
      this.unknown(path);
      this.exportStatics(path, node);
    } else if (ts.isObjectLiteralExpression(node) && depth < MAX_VALUE_DEPTH) {
      this.unknown(path);
      this.exportProperties(path, node, depth);
    } else {
      const required = requiredModule(node);
      if (required !== undefined) this.summary.reexports[path] = required;
      else this.unknown(path);
    }
  }

  /** `module.exports = value` and `export = value`: an object's properties become the named exports. */
  exportWhole(value: ts.Expression): void {
    const node = unwrapExpression(value);
    const required = requiredModule(node);
    if (required !== undefined) this.summary.stars.push(required);
    else if (ts.isObjectLiteralExpression(node)) this.exportProperties('', node, 0);
    else this.exportValue('default', node);
  }

  /** A name in a declared position that is not known to return a promise: recorded at the top level only, where it hides `export *` names. */
  private unknown(path: string): void {
    if (path !== '' && !path.includes('.')) this.summary.exports[path] = false;
  }

  private exportStatics(path: string, node: ts.ClassLikeDeclaration): void {
    for (const member of node.members) {
      if (!hasModifier(member, ts.SyntaxKind.StaticKeyword) || !member.name) continue;
      const name = staticName(member.name);
      if (name === undefined) continue;
      if (ts.isMethodDeclaration(member)) this.summary.exports[memberPath(path, name)] = returnsPromise(member);
      else if (ts.isPropertyDeclaration(member) && member.initializer) this.exportValue(memberPath(path, name), member.initializer, MAX_VALUE_DEPTH);
    }
  }

  private exportProperties(path: string, node: ts.ObjectLiteralExpression, depth: number): void {
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        // `module.exports = { ...require('./base'), extra }` passes on the other module's exports.
        const required = path === '' ? requiredModule(property.expression) : undefined;
        if (required !== undefined) this.summary.stars.push(required);
        continue;
      }
      const name = property.name && staticName(property.name);
      if (name === undefined) continue;
      const at = memberPath(path, name);
      if (ts.isShorthandPropertyAssignment(property)) this.exportName(at, name, depth);
      else if (ts.isPropertyAssignment(property)) this.exportValue(at, property.initializer, depth + 1);
      else if (ts.isMethodDeclaration(property)) this.summary.exports[at] = returnsPromise(property);
    }
  }
}

function exportDeclaration(statement: ts.ExportDeclaration, builder: SummaryBuilder): void {
  if (statement.isTypeOnly) return;
  const { exportClause, moduleSpecifier } = statement;
  const from = moduleSpecifier && ts.isStringLiteral(moduleSpecifier) ? normaliseModule(moduleSpecifier.text) : undefined;
  if (!exportClause) {
    if (from !== undefined) builder.summary.stars.push(from);
    return;
  }
  if (ts.isNamespaceExport(exportClause)) {
    if (from !== undefined) builder.summary.reexports[exportClause.name.text] = from;
    return;
  }
  for (const element of exportClause.elements) {
    if (element.isTypeOnly) continue;
    const local = (element.propertyName ?? element.name).text;
    if (from === undefined) builder.exportName(element.name.text, local);
    else builder.summary.reexports[element.name.text] = local === 'default' ? from : `${from}.${local}`;
  }
}

/** `exports.f = ...`, `module.exports.f = ...` and `module.exports = ...` at the top level. */
function commonJsExport(expression: ts.Expression, builder: SummaryBuilder): void {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const target = expression.left;
  if (isModuleExports(target)) {
    builder.exportWhole(expression.right);
  } else if (ts.isPropertyAccessExpression(target)) {
    const owner = target.expression;
    if ((ts.isIdentifier(owner) && owner.text === 'exports') || isModuleExports(owner)) builder.exportValue(target.name.text, expression.right);
  }
}

/** `export function f`, `export default class`, `export const f = ...`. */
function exportedDeclaration(statement: ts.Statement, builder: SummaryBuilder): void {
  const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
    const name = statement.name?.text;
    // Through the local name, so that of overloads the signature that decides is read.
    if (name !== undefined) builder.exportName(isDefault ? 'default' : name, name);
    else if (isDefault) builder.exportValue('default', statement);
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) builder.exportValue(declaration.name.text, declaration.initializer);
    }
  }
}

export function summarizeScriptModule(sourceFile: ts.SourceFile): ScriptModuleSummary {
  const builder = new SummaryBuilder(collectLocals(sourceFile), collectBindings(sourceFile));
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      exportDeclaration(statement, builder);
    } else if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) builder.exportWhole(statement.expression);
      else builder.exportValue('default', statement.expression);
    } else if (ts.isExpressionStatement(statement)) {
      commonJsExport(statement.expression, builder);
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      exportedDeclaration(statement, builder);
    }
  }
  return builder.summary;
}

/**
 * A file's summary from its text; `projectPath` picks the dialect (JSX, JS) by extension. A file
 * nested too deeply to parse (see nesting.ts) is taken to export nothing that returns a promise.
 */
export function summarizeScript(text: string, projectPath: string): ScriptModuleSummary {
  try {
    return summarizeScriptModule(parseTypeScript(text, languageForPath(projectPath) ?? 'typescript', projectPath));
  } catch (error) {
    if (notAnalysedReason(error) === undefined) throw error;
    return { exports: {}, reexports: {}, stars: [] };
  }
}
