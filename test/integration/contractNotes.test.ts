import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { applyContractNotes, contractNotesView } from '../../src/providers/contractNotesEdit';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { DeliveryDto } from '../../src/shared/protocol';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/** The fixture's delivery.json without a session block: no owner or handover recorded. */
const SPEC_WITHOUT_TERMS = `{
  // a fixture delivery for tests, without session terms
  "preset": "music-mix",
  "project": { "artist": "Test", "title": "Song" },   /* kept as written */
  "stems": { "folder": "Stems" },
  "session": { "notes": "to be agreed" },
  "rules": {
    "naming/generic": "warning" // a comment that must survive
  },
}
`;

const NOTES = { owner: 'Mix engineer (Sam Rivera)', handover: false, contract: 'Mix agreement 2026-03-02 §4', notes: 'Session stays with the engineer: <b>not</b> part of this delivery.' };

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves when `check` holds for the diagnostics of the workspace, re-checking on every change. */
function diagnosticsSettle(check: (byRule: Map<string, string[]>) => boolean): Promise<void> {
  const byRule = () => {
    const map = new Map<string, string[]>();
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) map.set(ruleOf(d), [...(map.get(ruleOf(d)) ?? []), vscode.workspace.asRelativePath(uri)]);
    }
    return map;
  };
  return new Promise<void>((resolve) => {
    const evaluate = () => {
      if (!check(byRule())) return;
      sub.dispose();
      resolve();
    };
    const sub = vscode.languages.onDidChangeDiagnostics(evaluate);
    evaluate();
  });
}

/** The text with the `"session": …` property cut out: what a notes edit must leave byte for byte. */
function outsideSession(text: string): string {
  const property = findNodeAtLocation(parseTree(text)!, ['session'])!.parent!;
  return text.slice(0, property.offset) + text.slice(property.offset + property.length);
}

describe('Contract notes', () => {
  let api: AudioDeliverablesApi;
  let specUri: vscode.Uri;
  let fixtureSpec: Uint8Array;

  before(async () => {
    api = await vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID)!.activate();
    specUri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'delivery.json');
    fixtureSpec = await vscode.workspace.fs.readFile(specUri);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writeSpec(new TextDecoder().decode(fixtureSpec));
    await diagnosticsSettle((r) => !r.has('session/terms-missing') && !r.has('session/included'));
  });

  async function delivery(): Promise<DeliveryDto> {
    const [first] = await api.tree.getChildren();
    assert.ok(first, 'the tree shows the delivery');
    return first.delivery;
  }

  /** Writes delivery.json on disk and waits until its document (open since an earlier test, maybe) holds the new text. */
  async function writeSpec(text: string): Promise<vscode.TextDocument> {
    await vscode.workspace.fs.writeFile(specUri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(specUri);
    await waitFor(() => doc.getText() === text, vscode.workspace.onDidChangeTextDocument);
    return doc;
  }

  async function diskText(): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri));
  }

  it('records an owner in exactly the session block on disk, Undo restores the text, the server re-validates', async () => {
    const doc = await writeSpec(SPEC_WITHOUT_TERMS);
    await diagnosticsSettle((r) => (r.get('session/terms-missing') ?? []).includes('delivery.json') && (r.get('session/included') ?? []).includes('Session/Song.ptx'));

    const d = await delivery();
    const before = await contractNotesView(d);
    assert.deepEqual(before.notes, { owner: '', handover: false, contract: '', notes: 'to be agreed' });
    assert.deepEqual(before.sessionFiles, [{ path: 'Session/Song.ptx', handoverAgreed: false }]);
    assert.equal(before.writable, true);
    assert.equal(before.specPath, specUri.fsPath);

    assert.deepEqual(await applyContractNotes(d, NOTES), { ok: true });
    const written = await diskText();
    assert.notEqual(written, SPEC_WITHOUT_TERMS);
    assert.equal(outsideSession(written), outsideSession(SPEC_WITHOUT_TERMS), 'nothing outside the session block changed on disk');
    assert.deepEqual((await contractNotesView(d)).notes, NOTES);
    // An owner and a handover are recorded; the .ptx stays a warning while the handover is not agreed.
    await diagnosticsSettle((r) => !r.has('session/terms-missing') && (r.get('session/included') ?? []).includes('Session/Song.ptx'));
    const included = vscode.languages.getDiagnostics(vscode.Uri.joinPath(specUri, '..', 'Session', 'Song.ptx')).find((x) => ruleOf(x) === 'session/included');
    assert.match(included?.message ?? '', /"Mix engineer \(Sam Rivera\)".*contract: "Mix agreement 2026-03-02 §4"/);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), SPEC_WITHOUT_TERMS, 'one Undo restores the original text');
    assert.equal(await doc.save(), true);
    assert.equal(await diskText(), SPEC_WITHOUT_TERMS);
    await diagnosticsSettle((r) => (r.get('session/terms-missing') ?? []).includes('delivery.json'));
  });

  it('refuses a delivery.json that does not parse, and one with unsaved changes, leaving it as it is', async () => {
    const broken = SPEC_WITHOUT_TERMS.replace('"preset": "music-mix",', '"preset": "music-mix",,');
    await writeSpec(broken);
    const d = await delivery();
    const refused = await applyContractNotes(d, NOTES);
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.error, /delivery\.json does not parse \(.* on line 3\); fix it first/);
    assert.equal(await diskText(), broken);
    const view = await contractNotesView(d);
    assert.equal(view.writable, false);
    assert.match(view.reason ?? '', /does not parse/);

    const doc = await writeSpec(SPEC_WITHOUT_TERMS);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 1), ' '));
    const dirty = await applyContractNotes(d, NOTES);
    assert.match(dirty.ok ? '' : dirty.error, /unsaved changes/);
    assert.equal(await diskText(), SPEC_WITHOUT_TERMS);
    assert.equal(doc.getText(), `{ ${SPEC_WITHOUT_TERMS.slice(1)}`, 'the user\'s unsaved edit is untouched');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
  });

  it('Edit Contract Notes opens the delivery overview', async () => {
    const overviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('audioDeliverables.overview'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(overviewTabs().length, 0);
    const d = await delivery();
    await vscode.commands.executeCommand('audioDeliverables.editContractNotes', d.root);
    await waitFor(() => overviewTabs().length === 1, vscode.window.tabGroups.onDidChangeTabs);
    assert.equal(overviewTabs()[0]!.label, `Overview · ${d.name}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses notes that are not valid, whoever passes them', async () => {
    const result = await applyContractNotes(await delivery(), { ...NOTES, owner: 'x'.repeat(201) });
    assert.equal(result.ok, false);
  });
});

/** Resolves when `ready` holds, re-checking on `event`. */
function waitFor(ready: () => boolean, event: vscode.Event<unknown>): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) return resolve();
    const sub = event(() => {
      if (!ready()) return;
      sub.dispose();
      resolve();
    });
  });
}
