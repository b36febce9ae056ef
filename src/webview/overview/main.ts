// Browser entry of the delivery overview webview (issue 6 builds the stems timeline on it).
// It says `ready` first, so the host answers with the initial state and no message is lost.
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscodeApi = acquireVsCodeApi();
vscodeApi.postMessage({ type: 'ready' });
