import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import { ValidateRequest, VerifyChecksumsRequest, WriteChecksumsRequest, type ChecksumsVerified } from '../shared/protocol';
import { pickDelivery } from './deliveryTarget';
import { count, notifyWithProblems, replyBody } from './feedback';
import { setSpecValue } from './specFile';
import { relativePath } from '../core/delivery/deliveryPath';

/**
 * Deliverables: Write Checksums / Verify Checksums — a sha256sum manifest of the delivery, and
 * the delivery checked against it; hashing runs in the server with a cancellable progress
 * notification. Both re-validate, so integrity findings show in the Problems panel. An existing
 * manifest is never overwritten. Argument: the target (tree node, URI or root path).
 */
export function register(server: Server, store: ModelStore, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    registerWritingCommand('audioDeliverables.writeChecksums', 'Write Checksums', async (target?: unknown): Promise<vscode.Uri | undefined> => {
      const delivery = await pickDelivery(store, target, 'Write Checksums');
      if (!delivery) return undefined;
      const written = await replyBody(output, 'Write Checksums', () => server.withProgress('Writing checksums', WriteChecksumsRequest, { root: delivery.root }));
      if (!written) return undefined;
      const manifest = relativePath(delivery.root, written.manifest);
      // Named in delivery.json, every validation verifies it (integrity/* rules); an undoable edit.
      const recorded = !written.named && (await setSpecValue(vscode.Uri.file(delivery.root), ['checksums'], manifest));
      await revalidate(server, output);
      const note = recorded ? ` delivery.json now names it ("checksums"), so every validation verifies the files against it.` : '';
      notifyWithProblems('info', `Wrote ${manifest}: SHA-256 of ${count(written.files, 'file')}.${note}`);
      return vscode.Uri.file(written.manifest);
    }),
    vscode.commands.registerCommand('audioDeliverables.verifyChecksums', async (target?: unknown): Promise<ChecksumsVerified | undefined> => {
      const delivery = await pickDelivery(store, target, 'Verify Checksums');
      if (!delivery) return undefined;
      const result = await replyBody(output, 'Verify Checksums', () => server.withProgress('Verifying checksums', VerifyChecksumsRequest, { root: delivery.root }));
      if (!result) return undefined;
      await revalidate(server, output);
      const failed = result.mismatches.length + result.unreadable.length + result.absent.length > 0;
      notifyWithProblems(failed ? 'error' : result.unlisted.length > 0 ? 'warning' : 'info', describeVerify(result));
      return result;
    }),
  );
}

/** "checksums.sha256: 12 of 13 files match; 1 differs. 2 audio files are not listed." */
export function describeVerify(r: ChecksumsVerified): string {
  const listed = r.checked + r.absent.length;
  const matching = r.checked - r.mismatches.length - r.unreadable.length;
  const problems = [
    r.mismatches.length > 0 ? `${r.mismatches.length} ${r.mismatches.length === 1 ? 'differs' : 'differ'}` : null,
    r.unreadable.length > 0 ? `${count(r.unreadable.length, 'file')} cannot be read` : null,
    r.absent.length > 0 ? `${r.absent.length} ${r.absent.length === 1 ? 'is' : 'are'} missing from the delivery` : null,
  ].filter((s): s is string => s !== null);
  const head = problems.length === 0
    ? `${r.manifest}: ${listed === 1 ? 'the 1 listed file matches' : `all ${listed} listed files match`}.`
    : `${r.manifest}: ${matching} of ${count(listed, 'listed file')} match; ${problems.join(', ')}.`;
  const unlisted = r.unlisted.length > 0 ? ` ${count(r.unlisted.length, 'audio file')} ${r.unlisted.length === 1 ? 'is' : 'are'} not listed.` : '';
  const unnamed = r.named ? '' : ' delivery.json does not name this manifest ("checksums"), so validations do not check it.';
  return head + unlisted + unnamed;
}

/** Validates now, so integrity findings appear; a failure here is logged, the checksums are done. */
async function revalidate(server: Server, output: vscode.LogOutputChannel): Promise<void> {
  await server.request(ValidateRequest, {}).catch((err: unknown) => output.warn('Could not re-validate after the checksums', err));
}

