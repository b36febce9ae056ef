import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The one way our webviews get their page: a strict Content-Security-Policy with a fresh nonce,
 * scripts and styles only from the extension's dist/ and media/, no inline script. Data reaches
 * the page by postMessage after it says `ready`, never interpolated into the HTML.
 */
export interface WebviewPage {
  /** Bundle name under dist/webview/ (without .js), as esbuild.js names its webview entries. */
  script: string;
  /** Page title (plain text; escaped here). */
  title: string;
  /** Extra stylesheets under media/ (e.g. 'webview.css'). */
  styles?: string[];
}

/**
 * Options for createWebviewPanel / custom editors: scripts on, resources limited to the extension's
 * dist/webview and media (audio reaches a page as decoded samples by message, never as a file).
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const source = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Lit (vscode-elements) adopts constructed style sheets; our own CSS comes from media/.
    `style-src ${source} 'nonce-${nonce}'`,
    `font-src ${source}`,
    `img-src ${source} data:`,
  ].join('; ');
  const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const styles = (page.styles ?? []).map((name) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(uri('media', name))}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeText(page.title)}</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${nonce}" src="${escapeAttr(uri('dist', 'webview', `${page.script}.js`))}"></script>
  </body>
</html>`;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}
