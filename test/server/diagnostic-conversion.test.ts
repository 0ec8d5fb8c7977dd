// Findings to LSP diagnostics: severities, related locations, and the data code actions use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../../server/src/engine/types';
import { diagnosticDataOf, toDiagnostic, type DiagnosticData } from '../../server/src/server/diagnostics';

const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 9 } });

function finding(severity: Severity, related: Finding['related'] = []): Finding {
  return { ruleId: 'dangling-task', range: range(4), message: 'The task is dropped', severity, fixes: [], related };
}

const data: DiagnosticData = { ruleId: 'dangling-task', version: 7, resultId: 'r-1', index: 0, fixes: [] };

test('each severity maps to its LSP severity', () => {
  const mapped = (['error', 'warning', 'information', 'hint'] as const).map((severity) => toDiagnostic(finding(severity), 'file:///a.py', data).severity);
  assert.deepEqual(mapped, [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Hint]);
});

test('related locations point into the same document; none means no relatedInformation', () => {
  const diagnostic = toDiagnostic(finding('error', [{ range: range(1), message: 'created here' }]), 'file:///a.py', data);
  assert.deepEqual(diagnostic.relatedInformation, [{ location: { uri: 'file:///a.py', range: range(1) }, message: 'created here' }]);
  assert.equal('relatedInformation' in toDiagnostic(finding('error'), 'file:///a.py', data), false);
});

test('data survives the round trip through the client, and damaged data is rejected', () => {
  const diagnostic = toDiagnostic(finding('error'), 'file:///a.py', data);
  assert.deepEqual(diagnosticDataOf(JSON.parse(JSON.stringify(diagnostic))), data);
  assert.equal(diagnosticDataOf({ ...diagnostic, data: { ...data, index: '0' } }), undefined);
  assert.equal(diagnosticDataOf({ ...diagnostic, data: undefined }), undefined);
});
