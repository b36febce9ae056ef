import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import type { AltMixKind, AltMixOutcome } from '../core/render/altMix';
import { fileNodeFor, type TreeNode } from '../providers/deliveryTreeModel';
import { AltMixRequest, MAX_ALT_MIX_DB } from '../shared/protocol';
import { optionAndTarget, pickDelivery } from './deliveryTarget';
import { count, replyBody } from './feedback';
import { relativePath } from '../core/delivery/deliveryPath';

/** The kinds, in the words of the pick list (the server's core has the same ids). */
const KINDS = {
  instrumental: { label: 'Instrumental', detail: 'Every stem but vocals and backing vocals' },
  'a-cappella': { label: 'A cappella', detail: 'Vocals and backing vocals only' },
  tv: { label: 'TV mix', detail: 'Every stem but the lead vocal (backing vocals stay)' },
  'vocal-up': { label: 'Vocal up', detail: 'Every stem, the lead vocal raised' },
  'vocal-down': { label: 'Vocal down', detail: 'Every stem, the lead vocal lowered' },
} as const satisfies Record<AltMixKind, { label: string; detail: string }>;
const KIND_IDS = Object.keys(KINDS) as AltMixKind[];
const DEFAULT_DB = 1;

/** How long the reveal waits for the new file to be listed (the watcher re-validates in well under a second). */
const REVEAL_WAIT_MS = 30_000;

/**
 * Deliverables: Print Alternate Mix… — the server sums the stems of the kind into a new file
 * beside the references (never over an existing one), with a cancellable progress notification;
 * the file is revealed in the Delivery tree once re-validation lists it. Arguments skip the
 * prompts (scripts, tests): (kind, dB, target); returns the new file's URI.
 */
export function register(server: Server, store: ModelStore, treeView: vscode.TreeView<TreeNode>, output: vscode.LogOutputChannel): vscode.Disposable {
  return registerWritingCommand('audioDeliverables.printAltMix', 'Print Alternate Mix', async (first?: unknown, second?: unknown, third?: unknown): Promise<vscode.Uri | undefined> => {
    const [kindArg, afterKind] = optionAndTarget(first, second, KIND_IDS);
    const dbArg = kindArg !== undefined && typeof second === 'number' ? second : undefined;
    const target = dbArg !== undefined ? third : afterKind;
    const delivery = await pickDelivery(store, target, 'Print Alternate Mix');
    if (!delivery) return undefined;
    const kind = kindArg ?? (await pickKind());
    if (!kind) return undefined;
    const vocal = kind === 'vocal-up' || kind === 'vocal-down';
    const db = vocal ? (dbArg ?? (await askDb(kind))) : undefined;
    if (vocal && db === undefined) return undefined;
    const outcome = await replyBody(output, 'Print Alternate Mix', () =>
      server.withProgress(`Printing the ${KINDS[kind].label.toLowerCase()}`, AltMixRequest, { root: delivery.root, kind, db }));
    if (!outcome) return undefined;
    const file = vscode.Uri.file(outcome.file);
    revealWhenListed(store, treeView, delivery.root, relativePath(delivery.root, outcome.file));
    const text = describe(outcome, delivery.root);
    const show = outcome.clippedSamples > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text, 'Open').then((pick) => {
      if (pick) void vscode.commands.executeCommand('vscode.open', file);
    });
    return file;
  });
}

async function pickKind(): Promise<AltMixKind | undefined> {
  // (not `kind`: QuickPickItem has its own `kind`, the separator flag)
  const items = KIND_IDS.map((id) => ({ label: KINDS[id].label, detail: KINDS[id].detail, id }));
  return (await vscode.window.showQuickPick(items, { title: 'Print Alternate Mix', placeHolder: 'Which mix, from the stems?' }))?.id;
}

async function askDb(kind: 'vocal-up' | 'vocal-down'): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Print Alternate Mix: ${KINDS[kind].label.toLowerCase()}`,
    prompt: `How many dB ${kind === 'vocal-up' ? 'up' : 'down'} for the lead vocal?`,
    value: String(DEFAULT_DB),
    validateInput: (v) => (validDb(v) === undefined ? `A number of dB above 0 and at most ${MAX_ALT_MIX_DB}` : null),
  });
  return text === undefined ? undefined : validDb(text);
}

function validDb(text: string): number | undefined {
  const db = Number(text.trim().replace(/\s*dB$/i, '').replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(db) && db > 0 && db <= MAX_ALT_MIX_DB ? db : undefined;
}

/** "Printed the instrumental: References/X.wav, from 2 stems (peak -6.1 dBFS)." and what to know. */
function describe(o: AltMixOutcome, root: string): string {
  const peak = o.peakDbfs === null ? 'digital silence' : `peak ${o.peakDbfs.toFixed(1)} dBFS`;
  const parts = [`Printed the ${KINDS[o.kind].label.toLowerCase()}: ${relativePath(root, o.file)}, from ${count(o.stems.length, 'stem')} (${peak}).`];
  if (o.clippedSamples > 0) {
    parts.push(`${count(o.clippedSamples, 'sample')} ${o.format.float ? 'went beyond full scale' : 'clipped'}: lower the stems' gain or print from float stems.`);
  }
  parts.push(...o.notes.map((n) => `Note: ${n}.`));
  return parts.join(' ');
}

/**
 * Reveals the file in the Delivery tree once the model lists it (the watcher re-validates after
 * the render), without taking the focus; gives up quietly if it never appears.
 */
function revealWhenListed(store: ModelStore, treeView: vscode.TreeView<TreeNode>, root: string, relPath: string): void {
  const tryReveal = (deliveries: Parameters<typeof fileNodeFor>[0]): boolean => {
    const node = fileNodeFor(deliveries, root, relPath);
    if (node) void Promise.resolve(treeView.reveal(node, { select: true, focus: false })).catch(() => undefined);
    return node !== null;
  };
  const subscription = store.onDidChange((model) => {
    if (tryReveal(model.deliveries)) stop();
  });
  const timer = setTimeout(() => stop(), REVEAL_WAIT_MS);
  const stop = () => {
    clearTimeout(timer);
    subscription.dispose();
  };
  // Listed already (a re-validation was quicker than this reply)?
  void store.get().then((model) => {
    if (tryReveal(model.deliveries)) stop();
  });
}

