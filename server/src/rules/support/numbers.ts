// Numbers written in the source: what a constant expression such as `60 * 60 * 25` comes to,
// and the spellings of an infinite float. Rules read these to judge delays, deadlines and sizes
// without running the code.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { numberLiteralValue, positionalArguments, unparenthesized } from '../../engine/python/syntax';
import { builtinName } from './builtins';

/** `float("inf")`, `float('-Infinity')`: the strings `float()` reads as infinity, with their sign. */
const INFINITY_STRING = /^(?:[rRuU]?)(["'])([+-]?)inf(?:inity)?\1$/i;

type Arithmetic = (left: number, right: number) => number;

const ARITHMETIC: ReadonlyMap<string, Arithmetic> = new Map<string, Arithmetic>([
  ['+', (left, right) => left + right],
  ['-', (left, right) => left - right],
  ['*', (left, right) => left * right],
  ['/', (left, right) => left / right],
  ['//', (left, right) => Math.floor(left / right)],
  ['%', (left, right) => left - right * Math.floor(left / right)],
  ['**', (left, right) => left ** right],
]);

/**
 * What a numeric constant expression evaluates to: number literals joined by arithmetic
 * operators, signs and parentheses (`60 * 60 * 25`, `-(1e3)`). Undefined for anything that
 * reads a name or calls a function, and for a division by zero. Values beyond a float's range
 * come out infinite, as Python's floats would (Python's integers would not overflow, which no
 * caller needs to tell apart).
 */
export function numericConstant(node: Node): number | undefined {
  switch (node.type) {
    case 'integer':
    case 'float':
      return numberLiteralValue(node);
    case 'parenthesized_expression': {
      const inner = unparenthesized(node);
      return inner === node ? undefined : numericConstant(inner);
    }
    case 'unary_operator': {
      const argument = node.childForFieldName('argument');
      const value = argument ? numericConstant(argument) : undefined;
      const operator = node.childForFieldName('operator')?.type;
      if (value === undefined) return undefined;
      return operator === '-' ? -value : operator === '+' ? value : undefined;
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.type ?? '';
      const apply = ARITHMETIC.get(operator);
      const a = left ? numericConstant(left) : undefined;
      const b = right ? numericConstant(right) : undefined;
      if (!apply || a === undefined || b === undefined) return undefined;
      // Python raises ZeroDivisionError where JavaScript would give an infinity.
      if (b === 0 && (operator === '/' || operator === '//' || operator === '%')) return undefined;
      if (a === 0 && b < 0 && operator === '**') return undefined;
      const value = apply(a, b);
      return Number.isNaN(value) ? undefined : value;
    }
    default:
      return undefined;
  }
}

/**
 * True when the expression spells positive infinity: `math.inf` or any other attribute named
 * `inf` (`numpy.inf`, `np.inf`), a bare `inf` or a name imported as one (`from math import inf as INF`),
 * `float("inf")` / `float("infinity")` in any case, or a float literal too large to represent
 * (`1e999`).
 */
export function isInfinity(expression: Node, context: PythonContext): boolean {
  const node = unparenthesized(expression);
  if (node.type === 'identifier') return node.text === 'inf' || (context.qualifiedName(node)?.endsWith('.inf') ?? false);
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text === 'inf';
  if (node.type === 'float') return numberLiteralValue(node) === Infinity;
  const callee = node.type === 'call' ? node.childForFieldName('function') : null;
  if (!callee || builtinName(callee, context) !== 'float') return false;
  const argumentCount = node.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length;
  const [text] = positionalArguments(node);
  const match = argumentCount === 1 && text?.type === 'string' ? INFINITY_STRING.exec(text.text) : null;
  return match !== null && match[2] !== '-';
}
