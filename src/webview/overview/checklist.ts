import type { ChecklistRow, DeliveryChecklist } from '../../shared/view/deliveryChecklist';

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
  const section = document.createElement('div');
  section.className = 'checklist-group';
  const h = document.createElement('h3');
  h.textContent = title;
  const ul = document.createElement('ul');
  for (const row of rows) {
    const li = document.createElement('li');
    li.className = `checklist-row status-${row.status}`;
    li.dataset.key = row.key ?? '';
    li.dataset.status = row.status;
    const name = document.createElement('span');
    name.className = 'checklist-key';
    name.textContent = row.key ?? unnamed;
    const badge = document.createElement('vscode-badge');
    badge.textContent = STATUS_TEXT[row.status];
    const files = document.createElement('span');
    files.className = 'checklist-files';
    files.textContent = row.files.join(', ');
    li.append(name, badge, files);
    ul.append(li);
  }
  if (rows.length === 0) {
    const li = document.createElement('li');
    li.className = 'checklist-empty';
    li.textContent = empty;
    ul.append(li);
  }
  section.append(h, ul);
  return section;
}

function heading(text: string): HTMLElement {
  const h = document.createElement('h2');
  h.textContent = text;
  return h;
}
