import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { WaveformInfo } from '../../shared/waveformMessages';
import { formatSeconds } from '../../shared/view/timeFormat';
import { el } from '../shared/dom';

/**
 * The side panel: one collapsible section per group of facts (format, BWF/iXML, role, levels) and
 * the file's findings. Rebuilt whole on every info message (a handful of rows). Findings with a
 * time seek there when clicked.
 */
export function renderSidePanel(host: HTMLElement, info: WaveformInfo, seek: (seconds: number) => void): void {
  const nodes: HTMLElement[] = [];
  for (const section of info.sections) {
    const box = document.createElement('vscode-collapsible');
    box.heading = section.title;
    box.open = true;
    box.dataset.section = section.title;
    const list = el('dl', 'facts');
    for (const row of section.rows) {
      list.append(el('dt', undefined, row.label), el('dd', undefined, row.value));
    }
    box.append(list);
    nodes.push(box);
  }
  nodes.push(findingsSection(info, seek));
  host.replaceChildren(...nodes);
}

function findingsSection(info: WaveformInfo, seek: (seconds: number) => void): HTMLElement {
  const box = document.createElement('vscode-collapsible');
  box.heading = 'Findings';
  box.open = true;
  box.dataset.section = 'Findings';
  const badge = document.createElement('vscode-badge');
  badge.slot = 'decorations';
  badge.variant = 'counter';
  badge.textContent = String(info.findings.length);
  box.append(badge);
  if (info.findings.length === 0) {
    box.append(el('p', 'empty', info.analysed ? 'No findings for this file.' : 'No findings yet: the file is being analysed.'));
    return box;
  }
  const list = el('ul', 'findings');
  for (const f of info.findings) {
    const item = el('li', `finding severity-${f.severity}`);
    item.append(el('span', 'rule', f.rule), el('span', 'message', f.message));
    if (f.timeSec !== null) {
      const time = f.timeSec;
      const button = el('button', 'seek', formatSeconds(time));
      button.title = 'Play from here';
      button.addEventListener('click', () => seek(time));
      item.append(button);
    }
    list.append(item);
  }
  box.append(list);
  return box;
}
