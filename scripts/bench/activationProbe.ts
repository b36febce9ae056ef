// An extensionTestsPath module for the bench: the extension host calls run(), which activates the
// extension as VS Code does on its first activation event (the module is required, then
// activate() runs) and prints how long that took. The folder opened holds no delivery, so
// nothing has activated the extension before.
import * as vscode from 'vscode';
import { ACTIVATION_PREFIX } from './activationLine';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('audio-deliverables.audio-deliverables');
  if (!extension) throw new Error('the extension under development is not loaded');
  if (extension.isActive) throw new Error('the extension was active already: the bench must open a folder without a delivery');
  const started = performance.now();
  await extension.activate();
  console.log(`${ACTIVATION_PREFIX} ${(performance.now() - started).toFixed(2)}`);
}
