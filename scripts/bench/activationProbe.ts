// An extensionTestsPath module for the bench: the extension host calls run(), which activates the
// extension as VS Code does on its first activation event (the module is required, then
// activate() runs) and prints how long that took. The folder opened holds no delivery, so
// nothing has activated the extension before.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVATION_PREFIX, type ActivationSample } from './activationLine';

/** VS Code's own performance marks in the extension host (vs/base/common/performance: Date.now() times). */
interface MonacoPerformanceMarks {
  getMarks(): { name: string; startTime: number }[];
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('audio-deliverables.audio-deliverables');
  if (!extension) throw new Error('the extension under development is not loaded');
  if (extension.isActive) throw new Error('the extension was active already: the bench must open a folder without a delivery');
  const id = extension.id;
  const main = path.join(extension.extensionPath, String(extension.packageJSON.main));
  // The module first (as the extension host requires it, same module cache), then activate().
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded as the extension host loads it
  require(main);
  const loaded = performance.now();
  await extension.activate();
  const activated = performance.now();
  // The extension host marks the call of activate() and the settling of what it returned: the
  // activate part of VS Code's ExtensionActivationTimes, without its set-up of the context.
  const marks = (globalThis as { MonacoPerformanceMarks?: MonacoPerformanceMarks }).MonacoPerformanceMarks?.getMarks() ?? [];
  const markAt = (name: string) => marks.find((m) => m.name === `code/extHost/${name}/${id}`)?.startTime;
  const willActivate = markAt('willActivateExtension');
  const didActivate = markAt('didActivateExtension');
  if (willActivate === undefined || didActivate === undefined) throw new Error(`VS Code marked no activation of ${id}`);
  const clientModule = path.join(extension.extensionPath, 'dist', 'languageClient.js');
  const sample: ActivationSample = {
    requireMs: loaded - started,
    activateMs: didActivate - willActivate,
    endToEndMs: activated - started,
    clientLoadedInActivation: clientModule in require.cache,
  };
  console.log(`${ACTIVATION_PREFIX} ${JSON.stringify(sample)}`);
}
