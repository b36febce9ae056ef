import * as vscode from 'vscode';
import { childNodes, nodeFindings, parentNode, rootNodes, type TreeNode, type TreeOptions } from './deliveryTreeModel';
import type { Role } from '../core/delivery/model';
import { severityRank, type Finding, type Severity } from '../core/findings';
import { absolutePath } from '../core/delivery/deliveryPath';
import type { ModelStore } from '../client/modelStore';
import type { FileDto } from '../shared/protocol';
import { ruleDocPath } from '../core/rules/docPath';
import { NOT_MEASURED } from '../core/report/describe';
import { levelRows } from '../shared/view/waveformInfo';

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
  private options: TreeOptions = {};

  /** `extensionUri`: the rules' docs pages ship in the extension, under docs/rules/. */
  constructor(private readonly store: ModelStore, private readonly extensionUri: vscode.Uri) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  /** Whether the tree lists only the files that have findings (the view's filter toggle). */
  get onlyProblems(): boolean {
    return this.options.onlyProblems === true;
  }

  setOnlyProblems(on: boolean): void {
    if (on === this.onlyProblems) return;
    this.options = { onlyProblems: on };
    this.changed.fire();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return childNodes(node, this.options);
    const model = await this.store.get();
    await vscode.commands.executeCommand('setContext', 'audioDeliverables.hasDelivery', model.deliveries.length > 0);
    return rootNodes(model.deliveries, this.options);
  }

  /** For TreeView.reveal: the parent in the model the tree shows now. */
  async getParent(node: TreeNode): Promise<TreeNode | undefined> {
    return parentNode((await this.store.get()).deliveries, node, this.options);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible = node.type === 'file' ? vscode.TreeItemCollapsibleState.None
      : node.type === 'group' && node.files.length === 0 ? vscode.TreeItemCollapsibleState.None
      : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, collapsible);
    // One filter of the delivery's findings per item: icon and tooltip share it.
    const findings = nodeFindings(node);
    item.id = node.id;
    item.description = node.description;
    if (node.type === 'group') {
      item.iconPath = new vscode.ThemeIcon(ROLE_ICONS[node.role]);
      item.tooltip = this.findingsTooltip(`**${escape(node.label)}**: ${node.files.length} files\n\n`, findings);
      item.contextValue = `group.${node.role}`;
    } else if (node.type === 'delivery') {
      item.iconPath = new vscode.ThemeIcon('package');
      item.resourceUri = vscode.Uri.file(node.delivery.root);
      item.tooltip = this.findingsTooltip(`**${escape(node.delivery.root)}**\n\n`, findings);
      item.contextValue = 'delivery';
    } else {
      const uri = vscode.Uri.file(absolutePath(node.delivery.root, node.file.path));
      item.resourceUri = uri;
      const worst = worstSeverity(findings);
      item.iconPath = new vscode.ThemeIcon(node.file.format ? 'file-media' : 'file', worst ? new vscode.ThemeColor(SEVERITY_COLORS[worst]) : undefined);
      item.tooltip = this.findingsTooltip(fileHeading(node.file), findings);
      // `.audio` when the header was read: menus offer Open Waveform on those files only.
      item.contextValue = `file.${node.file.role}${node.file.format ? '.audio' : ''}`;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    }
    return item;
  }

  /** A heading, then the node's findings, each rule id linking to its docs page in the extension. */
  private findingsTooltip(heading: string, findings: readonly Finding[]): vscode.MarkdownString {
    const md = new vscode.MarkdownString(heading);
    for (const x of findings) {
      // A file link: it opens the page shipped with the extension in an editor, offline.
      const docs = vscode.Uri.joinPath(this.extensionUri, ruleDocPath(x.rule)).toString();
      md.appendMarkdown(`- ${x.severity}: ${escape(x.message)} [${x.rule}](${docs})\n`);
    }
    return md;
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

function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) {
    if (!worst || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  }
  return worst;
}

function fileHeading(f: FileDto): string {
  const role = `Role: ${f.role}${f.group ? ` (${f.group})` : ''}${f.kind ? ` (${f.kind})` : ''} — ${escape(f.reason)}\n\n`;
  const levels = analysisLines(f);
  const levelList = levels.length > 0 ? `${levels.map((l) => `- ${escape(l)}`).join('\n')}\n\n` : '';
  return `**${escape(f.path)}**\n\n${role}${f.description ? `${escape(f.description)}\n\n` : ''}${levelList}`;
}

/** The measured levels of an analysed file, one line each (nothing before the analysis). */
function analysisLines(f: FileDto): string[] {
  const a = f.analysis;
  if (!a || a.samplePeakDbfs === null) return [];
  if (a.silent) return ['Digital silence'];
  // The side panel's level rows, measured ones only.
  const lines = levelRows(a).filter((r) => r.value !== NOT_MEASURED).map((r) => `${r.label}: ${r.value}`);
  if (a.dualMono) lines.push('Dual mono (both channels identical)');
  if (a.invertedPolarity) lines.push('Right channel is the left inverted');
  return lines;
}

/** File names are user text: escape Markdown so a name cannot inject links or markup. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
