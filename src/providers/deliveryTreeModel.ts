import { ROLES, type Role } from '../core/delivery/model';
import { formatBytes, formatMeasure, ROLE_LABELS } from '../core/report/describe';
import type { DeliveryDto, FileDto } from '../shared/protocol';
import type { Finding } from '../core/findings';

/**
 * The tree's shape as plain data (no vscode types): deliveries → role groups → files. Kept apart
 * from TreeItems so the shape is testable and the provider only maps it.
 */
export type TreeNode =
  | { type: 'delivery'; id: string; label: string; description: string; delivery: DeliveryDto }
  | { type: 'group'; id: string; role: Role; label: string; description: string; delivery: DeliveryDto; files: FileDto[] }
  | { type: 'file'; id: string; label: string; description: string; delivery: DeliveryDto; file: FileDto };

export interface TreeOptions {
  /** Only files with at least one finding, and only the groups that hold one of them. */
  onlyProblems?: boolean;
}

/** Top level: the groups of the only delivery, or one node per delivery when there are several. */
export function rootNodes(deliveries: readonly DeliveryDto[], options: TreeOptions = {}): TreeNode[] {
  const shown = options.onlyProblems ? deliveries.map(withProblemFilesOnly) : deliveries;
  if (shown.length === 1) return groupNodes(shown[0]!, options);
  return shown.map(deliveryNode);
}

/** Children of a node; a delivery node made by rootNodes carries its filtered files already. */
export function childNodes(node: TreeNode, options: TreeOptions = {}): TreeNode[] {
  if (node.type === 'delivery') return groupNodes(node.delivery, options);
  if (node.type === 'group') return node.files.map((f) => fileNode(node.delivery, f));
  return [];
}

/**
 * Every role, always, with its count: an empty "References 0" tells as much as a full one. With
 * the problems filter an empty group says nothing, so it is left out.
 */
export function groupNodes(d: DeliveryDto, options: TreeOptions = {}): TreeNode[] {
  const groups = ROLES.map((role): Extract<TreeNode, { type: 'group' }> => {
    const files = d.files.filter((f) => f.role === role);
    return { type: 'group', id: `group:${d.root}:${role}`, role, label: ROLE_LABELS[role], description: String(files.length), delivery: d, files };
  });
  return options.onlyProblems ? groups.filter((g) => g.files.length > 0) : groups;
}

/** The delivery with only the files a finding names (its findings and counts unchanged). */
function withProblemFilesOnly(d: DeliveryDto): DeliveryDto {
  const named = new Set(d.findings.map((f) => f.file));
  return { ...d, files: d.files.filter((f) => named.has(f.path)) };
}

function deliveryNode(d: DeliveryDto): TreeNode {
  return { type: 'delivery', id: `delivery:${d.root}`, label: d.name, description: countsOf(d), delivery: d };
}

function fileNode(d: DeliveryDto, f: FileDto): TreeNode {
  const name = f.path.slice(f.path.lastIndexOf('/') + 1);
  const description = [f.description || formatBytes(f.size), loudnessOf(f)].filter(Boolean).join(' · ');
  return { type: 'file', id: `file:${d.root}:${f.path}`, label: name, description, delivery: d, file: f };
}

/** Once analysed: the integrated loudness, or "silent" (what an engineer looks at first). */
function loudnessOf(f: FileDto): string {
  if (f.analysis?.silent) return 'silent';
  return typeof f.analysis?.integratedLufs === 'number' ? formatMeasure(f.analysis.integratedLufs, 'LUFS') : '';
}

function countsOf(d: DeliveryDto): string {
  const { errors, warnings } = d.summary;
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `${n(d.files.length, 'file')}${errors ? ` · ${n(errors, 'error')}` : ''}${warnings ? ` · ${n(warnings, 'warning')}` : ''}`;
}

/** The node of a file (relative path) of the delivery at `root`, as the tree shows it; null when not listed. */
export function fileNodeFor(deliveries: readonly DeliveryDto[], root: string, relPath: string): TreeNode | null {
  const d = deliveries.find((x) => x.root === root);
  const f = d?.files.find((x) => x.path === relPath);
  return d && f ? fileNode(d, f) : null;
}

/** A node's parent in the tree (TreeDataProvider.getParent, for TreeView.reveal); undefined at the top. */
export function parentNode(deliveries: readonly DeliveryDto[], node: TreeNode, options: TreeOptions = {}): TreeNode | undefined {
  if (node.type === 'delivery') return undefined;
  const held = deliveries.find((x) => x.root === node.delivery.root) ?? node.delivery;
  const d = options.onlyProblems ? withProblemFilesOnly(held) : held;
  if (node.type === 'group') return deliveries.length === 1 ? undefined : deliveryNode(d);
  return groupNodes(d, options).find((g) => g.type === 'group' && g.role === node.file.role);
}

/**
 * Rule families whose delivery-wide findings (a missing stem group, no session terms) concern one
 * role: the tooltip of that role's group shows them, beside the group they are missing from.
 */
const DELIVERY_WIDE_ROLE: Readonly<Record<string, Role>> = { stems: 'stem', references: 'reference', session: 'session' };

/**
 * The findings a node's tooltip lists: a file's own; a group's delivery-wide findings of its
 * family; a delivery's delivery-wide findings (all of them: several deliveries are open).
 */
export function nodeFindings(node: TreeNode): Finding[] {
  const all = node.delivery.findings;
  if (node.type === 'file') return all.filter((f) => f.file === node.file.path);
  const wide = all.filter((f) => f.file === null);
  if (node.type === 'delivery') return wide;
  return wide.filter((f) => DELIVERY_WIDE_ROLE[f.rule.slice(0, f.rule.indexOf('/'))] === node.role);
}
