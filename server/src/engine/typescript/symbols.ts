// Which functions declared in this file return promises: async functions, and functions
// whose declared return type is a Promise. Used where no type checker is available.
import ts from 'typescript';
import { unwrapExpression } from './syntax';

export interface ClassSymbols {
  readonly promiseMethods: ReadonlySet<string>;
}

export interface FileSymbols {
  /** Names declared at the top level (functions, classes, variables, imports). */
  readonly topLevelNames: ReadonlySet<string>;
  /** Top-level functions (declarations and `const f = async () => ...`) that return promises. */
  readonly promiseFunctions: ReadonlySet<string>;
  readonly classes: ReadonlyMap<string, ClassSymbols>;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function declaresPromise(type: ts.TypeNode | undefined): boolean {
  return (
    type !== undefined &&
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    (type.typeName.text === 'Promise' || type.typeName.text === 'PromiseLike')
  );
}

/** A function that, when called, returns a promise by its own declaration. */
export function returnsPromise(fn: ts.SignatureDeclaration): boolean {
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) {
    // An async generator returns an async iterator, not a promise.
    return !(ts.isFunctionLike(fn) && 'asteriskToken' in fn && fn.asteriskToken);
  }
  return declaresPromise(fn.type);
}

function functionInitializer(declaration: ts.VariableDeclaration): ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (!declaration.initializer) return undefined;
  const initializer = unwrapExpression(declaration.initializer);
  return ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer) ? initializer : undefined;
}

/**
 * The declaration of a function named `name` in a block between the reference and its top-level
 * statement (`const onSave = async () => ...` inside a component), undefined when none is found,
 * or null when a nearer declaration of the name is not a function.
 */
export function localFunction(reference: ts.Node, name: string): ts.SignatureDeclaration | null | undefined {
  for (let up = reference.parent; up && !ts.isSourceFile(up); up = up.parent) {
    if (ts.isFunctionLike(up) && up.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name)) return null;
    if (!ts.isBlock(up)) continue;
    const declaration = functionsOfBlock(up).get(name);
    if (declaration !== undefined) return declaration;
  }
  return undefined;
}

/**
 * Per block, the first declaration of each name among its statements: a function declaration,
 * or a variable with what `functionInitializer` finds in it (null for anything else). Asked for
 * every call by name, so without it a block of n calls would be read n times. A block the
 * incremental parser reuses is unchanged, so what is remembered of it stays true.
 */
const blockFunctions = new WeakMap<ts.Block, Map<string, ts.SignatureDeclaration | null>>();

function functionsOfBlock(block: ts.Block): Map<string, ts.SignatureDeclaration | null> {
  let found = blockFunctions.get(block);
  if (found) return found;
  found = new Map();
  for (const statement of block.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      if (!found.has(statement.name.text)) found.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && !found.has(declaration.name.text)) found.set(declaration.name.text, functionInitializer(declaration) ?? null);
      }
    }
  }
  blockFunctions.set(block, found);
  return found;
}

function collectClass(declaration: ts.ClassLikeDeclaration): ClassSymbols {
  const cached = classCache.get(declaration);
  if (cached) return cached;
  const promiseMethods = new Set<string>();
  for (const member of declaration.members) {
    if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && returnsPromise(member)) {
      promiseMethods.add(member.name.text);
    } else if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.initializer) {
      const fn = ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer) ? member.initializer : undefined;
      if (fn && returnsPromise(fn)) promiseMethods.add(member.name.text);
    }
  }
  const symbols = { promiseMethods };
  classCache.set(declaration, symbols);
  return symbols;
}

const classCache = new WeakMap<ts.ClassLikeDeclaration, ClassSymbols>();

/**
 * The class that `this` refers to at a node: the nearest class whose method, constructor,
 * accessor or field holds it, unless a plain `function` in between rebinds `this`.
 */
export function thisClassSymbols(node: ts.Node): ClassSymbols | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (ts.isClassLike(up)) return collectClass(up);
    if (ts.isFunctionDeclaration(up) || ts.isFunctionExpression(up)) return undefined;
    if (ts.isMethodDeclaration(up) && ts.isObjectLiteralExpression(up.parent)) return undefined;
  }
  return undefined;
}

export function collectFileSymbols(sourceFile: ts.SourceFile): FileSymbols {
  const topLevelNames = new Set<string>();
  const promiseFunctions = new Set<string>();
  const classes = new Map<string, ClassSymbols>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      topLevelNames.add(statement.name.text);
      // Overloads: the implementation or any signature declaring a Promise decides.
      if (returnsPromise(statement)) promiseFunctions.add(statement.name.text);
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      topLevelNames.add(statement.name.text);
      classes.set(statement.name.text, collectClass(statement));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        topLevelNames.add(declaration.name.text);
        const fn = functionInitializer(declaration);
        if (fn && returnsPromise(fn)) promiseFunctions.add(declaration.name.text);
      }
    }
  }
  return { topLevelNames, promiseFunctions, classes };
}

/** Whether a binding name (an identifier or a destructuring pattern) declares `wanted`. */
export function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

/** The names a binding name declares: one, or all of a destructuring pattern's. */
function addBoundNames(name: ts.BindingName, names: Set<string>): void {
  if (ts.isIdentifier(name)) names.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBoundNames(element.name, names);
}

/** Per statement list, the names its variables, functions and classes declare (see `functionsOfBlock` for why). */
const declaredNames = new WeakMap<ts.NodeArray<ts.Statement>, ReadonlySet<string>>();

function declaresInBlock(statements: ts.NodeArray<ts.Statement>, wanted: string): boolean {
  let names = declaredNames.get(statements);
  if (!names) {
    const found = new Set<string>();
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) addBoundNames(declaration.name, found);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) found.add(statement.name.text);
    }
    declaredNames.set(statements, (names = found));
  }
  return names.has(wanted);
}

/**
 * True when a scope between the node and the top level declares `name` again (a parameter,
 * a local, a catch variable or a loop variable), so it is not the top-level function.
 */
export function isShadowed(name: string, node: ts.Node): boolean {
  for (let up = node.parent; up && !ts.isSourceFile(up); up = up.parent) {
    if (ts.isFunctionLike(up) && up.parameters.some((parameter) => bindsName(parameter.name, name))) return true;
    if ((ts.isBlock(up) || ts.isModuleBlock(up) || ts.isCaseClause(up) || ts.isDefaultClause(up)) && declaresInBlock(up.statements, name)) return true;
    if (ts.isCatchClause(up) && up.variableDeclaration && bindsName(up.variableDeclaration.name, name)) return true;
    if ((ts.isForStatement(up) || ts.isForOfStatement(up) || ts.isForInStatement(up)) && up.initializer && ts.isVariableDeclarationList(up.initializer)) {
      if (up.initializer.declarations.some((d) => bindsName(d.name, name))) return true;
    }
  }
  return false;
}
