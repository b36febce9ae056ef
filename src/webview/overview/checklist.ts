import type { ChecklistRow, DeliveryChecklist } from '../../shared/view/deliveryChecklist';
import { el } from '../shared/dom';

const STATUS_TEXT = { delivered: 'delivered', missing: 'missing', extra: 'extra' } as const;

/** The checklist as two lists (stem groups, reference kinds); every text through textContent. */
export function renderChecklist(container: HTMLElement, checklist: DeliveryChecklist): void {
  container.replaceChildren(
    heading('Checklist'),
    list('Stem groups', checklist.stems, 'no stem group required or delivered', 'no group recognised'),
    list('References', checklist.references, 'no reference kind required or delivered', 'kind not recognised'),
  );
}

function list<K extends string>(title: string, rows: ReadonlyArray<ChecklistRow<K>>, empty: string, unnamed: string): HTMLElement {
  const section = el('div', 'checklist-group');
  const h = el('h3', undefined, title);
  const ul = el('ul');
  for (const row of rows) {
    const li = el('li', `checklist-row status-${row.status}`);
    li.dataset.key = row.key ?? '';
    li.dataset.status = row.status;
    const name = el('span', 'checklist-key', row.key ?? unnamed);
    const badge = el('vscode-badge', undefined, STATUS_TEXT[row.status]);
    const files = el('span', 'checklist-files', row.files.join(', '));
    li.append(name, badge, files);
    ul.append(li);
  }
  if (rows.length === 0) {
    ul.append(el('li', 'checklist-empty', empty));
  }
  section.append(h, ul);
  return section;
}

function heading(text: string): HTMLElement {
  return el('h2', undefined, text);
}
