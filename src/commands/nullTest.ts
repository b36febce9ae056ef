import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import type { NullTestOutcome } from '../core/analysis/nullTest';
import { formatClock } from '../core/report/timeFormat';
import { NullTestRequest, type NullTestBody } from '../shared/protocol';
import { pickDelivery } from './deliveryTarget';
import { replyBody } from './feedback';

/** What other features add to the null test; extension.ts passes what exists. */
export interface NullTestHooks {
  /**
   * Opens the overview webview (stems timeline) on the outcome: where the residual is worst. Not
   * passed while the overview does not exist; once it does, extension.ts wires it here.
   */
  openOverview?: (root: string, outcome: NullTestOutcome) => Thenable<unknown>;
}

/**
 * Deliverables: Run Null Test — the stems summed at unity minus the mix, measured by the server
 * now, whether or not delivery.json asks for it; when it names no mix, the user picks one of the
 * delivery's references (the main mix first). Reads only. Arguments skip the prompts (scripts,
 * tests): (mix as a path relative to the delivery root, target); returns the outcome.
 */
export function register(server: Server, store: ModelStore, output: vscode.LogOutputChannel, hooks: NullTestHooks = {}): vscode.Disposable {
  return vscode.commands.registerCommand('audioDeliverables.nullTest', async (first?: unknown, second?: unknown): Promise<NullTestOutcome | undefined> => {
    const mixArg = typeof first === 'string' && !first.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(first) ? first : undefined;
    const delivery = await pickDelivery(store, mixArg === undefined ? first : second, 'Run Null Test');
    if (!delivery) return undefined;
    const run = (mix: string | undefined) => replyBody(output, 'Null test', () => server.withProgress('Null test', NullTestRequest, { root: delivery.root, mix }));
    let body: NullTestBody | undefined = await run(mixArg);
    if (body?.status === 'choose-mix') {
      const mix = await pickMix(body.references);
      if (!mix) return undefined;
      body = await run(mix);
    }
    if (body?.status !== 'measured') return undefined;
    showOutcome(body.outcome, body.maxResidualDb);
    if (hooks.openOverview) await hooks.openOverview(delivery.root, body.outcome);
    return body.outcome;
  });
}

async function pickMix(references: Extract<NullTestBody, { status: 'choose-mix' }>['references']): Promise<string | undefined> {
  if (references.length === 0) {
    void vscode.window.showInformationMessage('delivery.json names no null test (stems.nullTest.mix) and the delivery has no reference mix to test the stems against.');
    return undefined;
  }
  const items = references.map((r) => ({ label: r.path, description: r.kind ?? undefined, path: r.path }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = 'Run Null Test';
  pick.placeholder = 'Which reference is the mix the stems should add up to?';
  pick.items = items;
  pick.activeItems = items.slice(0, 1); // the server lists the main mix first
  return new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.path ?? pick.activeItems[0]?.path);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The result in a notification: residual peak and RMS, the worst second, the offset found. */
function showOutcome(o: NullTestOutcome, maxResidualDb: number | null): void {
  if (!o.ok) {
    void vscode.window.showWarningMessage(`Null test${o.mix ? ` against ${o.mix}` : ''}: no result, as ${o.reason}.`);
    return;
  }
  const db = (v: number | null) => (v === null ? '-∞' : v.toFixed(1));
  const parts = [
    o.residualPeakDbfs === null
      ? `Null test, ${o.stems.length} stems against ${o.mix}: they null completely (the residual is digital silence).`
      : `Null test, ${o.stems.length} stems against ${o.mix}: residual peak ${db(o.residualPeakDbfs)} dBFS, RMS ${db(o.residualRmsDbfs)} dBFS.`,
  ];
  if (o.worstSecond && o.residualPeakDbfs !== null) parts.push(`Worst at ${formatClock(o.worstSecond.startSec)} (RMS ${db(o.worstSecond.rmsDbfs)} dBFS over one second).`);
  if (o.offsetSamples) parts.push(`The mix is ${Math.abs(o.offsetSamples)} samples ${o.offsetSamples > 0 ? 'late' : 'early'} against the stems; measured with that offset compensated.`);
  if (o.lengths) parts.push(`The files differ in length; the common part was compared.`);
  const over = maxResidualDb !== null && o.residualPeakDbfs !== null && o.residualPeakDbfs > maxResidualDb;
  if (maxResidualDb !== null) parts.push(over ? `Above the spec's limit of ${maxResidualDb} dBFS.` : `Within the spec's limit of ${maxResidualDb} dBFS.`);
  const show = over ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(parts.join(' '));
}
