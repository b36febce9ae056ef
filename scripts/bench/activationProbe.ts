// An extensionTestsPath module for the bench: the extension host calls run(), which activates the
// extension as VS Code does on its first activation event (the module is required, then
// activate() runs) and prints how long that took. The folder opened holds no delivery, so
// nothing has activated the extension before.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVATION_PREFIX } from './activationLine';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('audio-deliverables.audio-deliverables');
  if (!extension) throw new Error('the extension under development is not loaded');
  if (extension.isActive) throw new Error('the extension was active already: the bench must open a folder without a delivery');
  // The module first (as the extension host requires it, same module cache), then activate().
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded as the extension host loads it
  require(path.join(extension.extensionPath, String(extension.packageJSON.main)));
  const loaded = performance.now();
  await extension.activate();
  const activated = performance.now();
  console.log(`${ACTIVATION_PREFIX} ${JSON.stringify({ totalMs: activated - started, requireMs: loaded - started })}`);
}
