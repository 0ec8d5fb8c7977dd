// Whether a text parses cleanly, by the engine's own count (the one --fix guards with); fixes
// must never turn parsing code into broken code.
export { countSyntaxErrors as syntaxErrors } from '../../server/src/engine/syntax-errors';
