import * as path from 'node:path';
import * as vscode from 'vscode';
import { childNodes, parentNode, rootNodes, type TreeNode } from './deliveryTreeModel';
import type { Role } from '../core/delivery/model';
import { severityRank, type Severity } from '../core/findings';
import type { ModelStore } from '../client/modelStore';

const ROLE_ICONS: Record<Role, string> = {
  multitrack: 'layers',
  stem: 'layers-active',
  reference: 'star-empty',
  'effect-print': 'sparkle',
  session: 'briefcase',
  document: 'book',
  other: 'question',
};

/** The Audio Deliverables tree: role groups with counts, files with their format. */
export class DeliveryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ModelStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return childNodes(node);
    const model = await this.store.get();
    await vscode.commands.executeCommand('setContext', 'audioDeliverables.hasDelivery', model.deliveries.length > 0);
    return rootNodes(model.deliveries);
  }

  /** For TreeView.reveal: the parent in the model the tree shows now. */
  async getParent(node: TreeNode): Promise<TreeNode | undefined> {
    return parentNode((await this.store.get()).deliveries, node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible = node.type === 'file' ? vscode.TreeItemCollapsibleState.None
      : node.type === 'group' && node.files.length === 0 ? vscode.TreeItemCollapsibleState.None
      : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    if (node.type === 'group') {
      item.iconPath = new vscode.ThemeIcon(ROLE_ICONS[node.role]);
      item.contextValue = `group.${node.role}`;
    } else if (node.type === 'delivery') {
      item.iconPath = new vscode.ThemeIcon('package');
      item.resourceUri = vscode.Uri.file(node.delivery.root);
      item.contextValue = 'delivery';
    } else {
      const uri = vscode.Uri.file(path.join(node.delivery.root, ...node.file.path.split('/')));
      item.resourceUri = uri;
      const worst = worstSeverity(node);
      item.iconPath = new vscode.ThemeIcon(node.file.format ? 'file-media' : 'file', worst ? new vscode.ThemeColor(SEVERITY_COLORS[worst]) : undefined);
      item.tooltip = fileTooltip(node);
      // `.audio` when the header was read: menus offer Open Waveform on those files only.
      item.contextValue = `file.${node.file.role}${node.file.format ? '.audio' : ''}`;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const SEVERITY_COLORS: Record<Severity, string> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'list.deemphasizedForeground',
};

function worstSeverity(node: Extract<TreeNode, { type: 'file' }>): Severity | null {
  let worst: Severity | null = null;
  for (const f of node.delivery.findings) {
    if (f.file === node.file.path && (!worst || severityRank(f.severity) > severityRank(worst))) worst = f.severity;
  }
  return worst;
}

function fileTooltip(node: Extract<TreeNode, { type: 'file' }>): vscode.MarkdownString {
  const f = node.file;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(f.path)}**\n\n`);
  md.appendMarkdown(`Role: ${f.role}${f.group ? ` (${f.group})` : ''}${f.kind ? ` (${f.kind})` : ''} — ${escape(f.reason)}\n\n`);
  if (f.description) md.appendMarkdown(`${escape(f.description)}\n\n`);
  const findings = node.delivery.findings.filter((x) => x.file === f.path);
  for (const x of findings) md.appendMarkdown(`- ${x.severity}: ${escape(x.message)} \`${x.rule}\`\n`);
  return md;
}

/** File names are user text: escape Markdown so a name cannot inject links or markup. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
