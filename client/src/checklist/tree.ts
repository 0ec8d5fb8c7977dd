// The checklist as tree items: sections, their items, and under a failed item the findings
// behind it. Renders whatever answer it is given; it never asks the server itself.
import * as vscode from 'vscode';
import type {
  ChecklistItemView,
  ChecklistLocation,
  ChecklistResponse,
  ChecklistSectionResult,
} from '../../../server/src/checklist/protocol';
import type { Severity } from '../../../server/src/engine/types';
import type { CommandId } from '../contract';
import { itemDescription, locationDescription, moreFindingsLabel, sectionDescription } from './describe';

type Section = ChecklistSectionResult<ChecklistItemView>;

export type ChecklistNode =
  | { kind: 'section'; section: Section }
  | { kind: 'item'; section: Section; item: ChecklistItemView }
  | { kind: 'location'; item: ChecklistItemView; location: ChecklistLocation; index: number }
  | { kind: 'more'; item: ChecklistItemView; label: string };

const OPEN_LOCATION: CommandId = 'awaitwise.checklist.openLocation';

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};
const PASSED_ICON = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
const FAILED_ICON = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));

function code(ids: readonly string[]): string {
  return ids.map((id) => `\`${id}\``).join(', ');
}

function itemTooltip(item: ChecklistItemView, ticked: boolean): vscode.MarkdownString {
  const lines = [`**${item.title}**`, ''];
  switch (item.status) {
    case 'pass':
      lines.push(`Passed: no findings from ${code(item.rules)}.`);
      break;
    case 'fail':
      lines.push(`Failed: ${item.findings === 1 ? '1 finding' : `${item.findings} findings`} from ${code(item.rules)}.`);
      break;
    case 'manual':
      lines.push(
        item.rules.length > 0
          ? `Checked by hand: the rules that would decide it (${code(item.rules)}) are turned off.`
          : 'Checked by hand: no analysis can decide it.',
        '',
        ticked ? 'You ticked it as done.' : 'Tick it once you have checked it.',
      );
      break;
  }
  if (item.hint) lines.push('', `How to check: ${item.hint}`);
  const tooltip = new vscode.MarkdownString(lines.join('\n'));
  tooltip.supportThemeIcons = false;
  return tooltip;
}

function sectionItem(section: Section, ticked: ReadonlySet<string>): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(section.title, vscode.TreeItemCollapsibleState.Expanded);
  treeItem.id = `section/${section.id}`;
  treeItem.description = sectionDescription(section, ticked);
  treeItem.contextValue = 'section';
  return treeItem;
}

function checklistItem(section: Section, item: ChecklistItemView, ticked: ReadonlySet<string>): vscode.TreeItem {
  const failed = item.status === 'fail';
  const treeItem = new vscode.TreeItem(item.title, failed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  treeItem.id = `item/${section.id}/${item.id}`;
  treeItem.description = itemDescription(item);
  treeItem.tooltip = itemTooltip(item, ticked.has(item.id));
  treeItem.contextValue = `item.${item.status}`;
  switch (item.status) {
    case 'pass':
      treeItem.iconPath = PASSED_ICON;
      treeItem.accessibilityInformation = { label: `Passed: ${item.title}` };
      break;
    case 'fail':
      treeItem.iconPath = FAILED_ICON;
      treeItem.accessibilityInformation = { label: `Failed, ${treeItem.description}: ${item.title}` };
      break;
    case 'manual': {
      const done = ticked.has(item.id);
      treeItem.checkboxState = {
        state: done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
        tooltip: done ? 'Mark as not checked yet' : 'Mark as checked',
      };
      treeItem.accessibilityInformation = { label: `Manual check, ${done ? 'done' : 'not done'}: ${item.title}` };
      break;
    }
  }
  return treeItem;
}

export function locationRange(location: ChecklistLocation): vscode.Range {
  const { start, end } = location.range;
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

function locationItem(item: ChecklistItemView, location: ChecklistLocation, index: number): vscode.TreeItem {
  const uri = vscode.Uri.parse(location.uri);
  const treeItem = new vscode.TreeItem(location.message, vscode.TreeItemCollapsibleState.None);
  treeItem.id = `location/${item.id}/${index}`;
  treeItem.description = locationDescription(vscode.workspace.asRelativePath(uri), location.range);
  treeItem.iconPath = SEVERITY_ICONS[location.severity];
  treeItem.tooltip = new vscode.MarkdownString().appendText(location.message).appendMarkdown(`\n\n\`${location.ruleId}\` · `).appendText(treeItem.description);
  treeItem.contextValue = 'location';
  treeItem.command = { command: OPEN_LOCATION, title: 'Open Finding', arguments: [location] };
  return treeItem;
}

export class ChecklistTreeProvider implements vscode.TreeDataProvider<ChecklistNode>, vscode.Disposable {
  private response: ChecklistResponse | undefined;
  private ticked: ReadonlySet<string> = new Set();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Shows an answer, or nothing (so the view's welcome content appears). */
  show(response: ChecklistResponse | undefined, ticked: ReadonlySet<string>): void {
    this.response = response;
    this.ticked = ticked;
    this.changed.fire();
  }

  setTicked(ticked: ReadonlySet<string>): void {
    this.ticked = ticked;
    if (this.response) this.changed.fire();
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    if (!this.response) return [];
    if (!node) return this.response.sections.map((section) => ({ kind: 'section', section }));
    switch (node.kind) {
      case 'section':
        return node.section.items.map((item) => ({ kind: 'item', section: node.section, item }));
      case 'item': {
        const { item } = node;
        if (item.status !== 'fail') return [];
        const children: ChecklistNode[] = item.locations.map((location, index) => ({ kind: 'location', item, location, index }));
        const more = moreFindingsLabel(item);
        if (more) children.push({ kind: 'more', item, label: more });
        return children;
      }
      default:
        return [];
    }
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'section':
        return sectionItem(node.section, this.ticked);
      case 'item':
        return checklistItem(node.section, node.item, this.ticked);
      case 'location':
        return locationItem(node.item, node.location, node.index);
      case 'more': {
        const treeItem = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        treeItem.id = `more/${node.item.id}`;
        treeItem.iconPath = new vscode.ThemeIcon('ellipsis');
        treeItem.command = { command: 'workbench.actions.view.problems', title: 'Show Problems' };
        return treeItem;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
