// Browser entry of the delivery overview webview (issue 6 builds the stems timeline on it).
// It says `ready` first, so the host answers with the initial state and no message is lost.
import { vscodeApi } from '../shared/vscodeApi';

vscodeApi().postMessage({ type: 'ready' });
