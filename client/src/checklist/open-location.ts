// Opens a finding listed under a failed checklist item, its range selected.
import * as vscode from 'vscode';
import type { ChecklistLocation } from '../../../server/src/checklist/protocol';
import { locationRange } from './tree';

function isLocation(value: unknown): value is ChecklistLocation {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ChecklistLocation>;
  return typeof candidate.uri === 'string' && typeof candidate.range?.start?.line === 'number' && typeof candidate.range.end?.line === 'number';
}

export async function openLocation(location: unknown): Promise<void> {
  // Only tree items call this; from anywhere else there is nothing to open.
  if (!isLocation(location)) return;
  const range = locationRange(location);
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range, preview: true });
}
