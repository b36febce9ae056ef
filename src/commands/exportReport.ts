import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import { REPORT_FORMATS, ReportRequest, type ReportFormat } from '../shared/protocol';
import { optionAndTarget, pickDelivery } from './deliveryTarget';
import { replyBody } from './feedback';
import { exists } from './specFile';

const FORMATS: Readonly<Record<ReportFormat, { label: string; detail: string; extension: string }>> = {
  markdown: { label: 'Markdown report', detail: 'For a client: the verdict, every file with its format and levels, the findings, the session terms', extension: 'md' },
  sarif: { label: 'SARIF 2.1.0', detail: 'For code-scanning dashboards and SARIF viewers', extension: 'sarif' },
  json: { label: 'JSON', detail: 'The documented JSON output of audio-deliverables check', extension: 'json' },
  text: { label: 'Text', detail: 'The plain-text report of the command line', extension: 'txt' },
};

/**
 * Deliverables: Export Report… — the server renders the delivery's current validation; the report
 * is written as a NEW file in the delivery root ("Delivery Report <date>.md", " (2)"… when taken)
 * and opened. Arguments skip the prompts (scripts, tests): (format, target); returns the file's URI.
 */
export function register(server: Server, store: ModelStore, output: vscode.LogOutputChannel): vscode.Disposable {
  return registerWritingCommand('audioDeliverables.exportReport', 'Export Report', async (first?: unknown, second?: unknown): Promise<vscode.Uri | undefined> => {
    const [formatArg, target] = optionAndTarget(first, second, REPORT_FORMATS);
    const delivery = await pickDelivery(store, target, 'Export Report');
    if (!delivery) return undefined;
    const format = formatArg ?? (await pickFormat());
    if (!format) return undefined;
    const body = await replyBody(output, 'Export Report', () => server.withProgress('Delivery report', ReportRequest, { root: delivery.root, format }));
    if (!body) return undefined;
    const file = await createUnused(vscode.Uri.file(delivery.root), `Delivery Report ${localDate(new Date())}`, FORMATS[format].extension, body.text);
    await vscode.window.showTextDocument(file, { preview: false });
    return file;
  });
}

async function pickFormat(): Promise<ReportFormat | undefined> {
  const items = REPORT_FORMATS.map((format) => ({ label: FORMATS[format].label, detail: FORMATS[format].detail, format }));
  return (await vscode.window.showQuickPick(items, { title: 'Export Report', placeHolder: 'Which format?' }))?.format;
}

/**
 * Creates `<base>.<ext>` in `folder`, or `<base> (2).<ext>`, (3)… when the name is taken. The
 * edit's createFile refuses an existing file, so a file that appears between the check and the
 * write is never overwritten either: the next name is tried.
 */
export async function createUnused(folder: vscode.Uri, base: string, ext: string, text: string): Promise<vscode.Uri> {
  const contents = new TextEncoder().encode(text);
  for (let n = 1; n <= 999; n++) {
    const uri = vscode.Uri.joinPath(folder, `${base}${n === 1 ? '' : ` (${n})`}.${ext}`);
    if (await exists(uri)) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents });
    if (await vscode.workspace.applyEdit(edit)) return uri;
    if (!(await exists(uri))) throw new Error(`${uri.fsPath} could not be created`);
  }
  throw new Error(`${base}.${ext} and 998 numbered variants already exist in ${folder.fsPath}`);
}

/** 2025-03-07 in the user's time zone: the day they exported it. */
function localDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
