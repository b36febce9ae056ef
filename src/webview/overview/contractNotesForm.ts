// The contract notes form of the delivery overview: who owns the session, whether its handover was
// agreed, the contract reference and free notes, next to the DAW session files that the recorded
// terms do not hand over. User text goes only through .value and textContent.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  CONTRACT_NOTES_LIMITS,
  sameContractNotes,
  sessionFilesWithoutHandover,
  type ContractNotes,
  type ContractNotesView,
} from '../../shared/contractNotesMessages';

import { button as makeButton, el } from '../shared/dom';
export const TERMS_TEXT = 'The session belongs to the engineer unless a contract says otherwise. This is not legal advice: ask a lawyer when unsure.';

export interface ContractNotesForm {
  /** Shows a new view: after a save (its outcome in view.lastSave) or when the delivery changed. */
  update(view: ContractNotesView): void;
}

/**
 * Builds the form into `container` (below whatever heading it has) and calls `save` with the fields' values when Save is clicked.
 * Fields the user is editing are not overwritten by an update that answers no save.
 */
export function mountContractNotes(container: HTMLElement, view: ContractNotesView, save: (notes: ContractNotes) => void): ContractNotesForm {
  adoptStyles();
  // The caller's container carries the section's heading (the overview has "Contract notes").
  const content = el('div', 'contract-notes-content');
  content.setAttribute('aria-label', 'Contract notes on session ownership');
  const terms = el('p', 'contract-notes-terms', TERMS_TEXT);

  const owner = field<VscodeTextfield>('vscode-textfield', 'contract-notes-owner', CONTRACT_NOTES_LIMITS.owner);
  owner.placeholder = 'e.g. Mix engineer (Sam Rivera)';
  const handover = document.createElement('vscode-checkbox') as VscodeCheckbox;
  handover.id = 'contract-notes-handover';
  handover.textContent = 'Handing over the session was agreed';
  const contract = field<VscodeTextfield>('vscode-textfield', 'contract-notes-contract', CONTRACT_NOTES_LIMITS.contract);
  contract.placeholder = 'e.g. Mix agreement 2026-03-02 §4';
  const notes = field<VscodeTextarea>('vscode-textarea', 'contract-notes-notes', CONTRACT_NOTES_LIMITS.notes);
  notes.rows = 4;
  notes.resize = 'vertical';
  const button = makeButton('Save', { id: 'contract-notes-save' }) as VscodeButton;
  const status = el('span', 'contract-notes-status');
  status.setAttribute('role', 'status');
  const reason = el('p', 'contract-notes-reason');

  const form = el('div', 'contract-notes-form');
  form.append(
    labelled('Session owner', owner),
    row(handover),
    labelled('Contract reference', contract),
    labelled('Notes', notes),
    row(button, status),
    reason,
  );
  const sessions = el('aside', 'contract-notes-sessions');
  sessions.setAttribute('aria-label', 'DAW session files in this delivery');
  const body = el('div', 'contract-notes-body');
  body.append(form, sessions);
  content.append(terms, body);
  container.append(content);

  let shown: ContractNotes = view.notes;
  let saving = false;
  const current = (): ContractNotes => ({ owner: owner.value, handover: handover.checked, contract: contract.value, notes: notes.value });
  const fill = (n: ContractNotes) => {
    owner.value = n.owner;
    handover.checked = n.handover;
    contract.value = n.contract;
    notes.value = n.notes;
  };

  // Editing again makes the last outcome old news.
  const clearStatus = () => {
    if (saving) return;
    status.textContent = '';
    status.className = 'contract-notes-status';
  };
  for (const input of [owner, contract, notes]) input.addEventListener('input', clearStatus);
  handover.addEventListener('change', clearStatus);

  button.addEventListener('click', () => {
    if (button.disabled || saving) return;
    saving = true;
    button.disabled = true;
    status.textContent = 'Saving…';
    status.className = 'contract-notes-status';
    save(current());
  });

  const update = (next: ContractNotesView) => {
    const edited = !sameContractNotes(current(), shown);
    if (!edited || next.lastSave?.ok === true) fill(next.notes);
    shown = next.notes;
    saving = false;
    for (const input of [owner, handover, contract, notes, button]) input.disabled = !next.writable;
    reason.textContent = next.reason ?? '';
    reason.hidden = next.reason === null;
    // A view that answers no save (the model changed) leaves the last outcome shown.
    if (next.lastSave) {
      status.textContent = next.lastSave.ok ? 'Saved to delivery.json.' : next.lastSave.error;
      status.className = `contract-notes-status ${next.lastSave.ok ? 'ok' : 'error'}`;
    }
    renderSessions(sessions, next);
  };
  fill(view.notes);
  update(view);
  return { update };
}

/** The session files without an agreed handover, as a warning next to the notes. */
function renderSessions(aside: HTMLElement, view: ContractNotesView): void {
  const unagreed = sessionFilesWithoutHandover(view);
  aside.replaceChildren();
  aside.classList.toggle('warning', unagreed.length > 0);
  if (unagreed.length === 0) {
    const agreed = view.sessionFiles.length;
    aside.append(el('p', 'contract-notes-sessions-none', agreed === 0
      ? 'No DAW session file is in this delivery.'
      : `${agreed} DAW session ${agreed === 1 ? 'file is' : 'files are'} in this delivery, and the handover is agreed.`));
    return;
  }
  aside.append(el('p', 'contract-notes-sessions-title', `${unagreed.length === 1 ? 'A DAW session file is' : `${unagreed.length} DAW session files are`} in this delivery without an agreed handover:`));
  const list = el('ul', 'contract-notes-sessions-list');
  for (const path of unagreed) list.append(el('li', '', path));
  aside.append(list, el('p', 'contract-notes-sessions-hint', 'Leave it out of the delivery, or record the agreement in the notes if the contract calls for it.'));
}

function field<T extends HTMLElement & { maxLength: number | undefined }>(tag: string, id: string, maxLength: number): T {
  const input = document.createElement(tag) as T;
  input.id = id;
  input.maxLength = maxLength;
  return input;
}

function labelled(text: string, input: HTMLElement): HTMLElement {
  const wrapper = el('div', 'contract-notes-row');
  const label = document.createElement('vscode-label');
  label.setAttribute('for', input.id);
  label.textContent = text;
  wrapper.append(label, input);
  return wrapper;
}

function row(...children: HTMLElement[]): HTMLElement {
  const wrapper = el('div', 'contract-notes-row inline');
  wrapper.append(...children);
  return wrapper;
}

let styled = false;

/** The form's own styles as a constructed sheet (allowed by the page's CSP, like vscode-elements' own). */
function adoptStyles(): void {
  if (styled) return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    .contract-notes-content { margin: 4px 0 16px; }
    .contract-notes-terms { margin: 0 0 12px; color: var(--vscode-descriptionForeground); }
    .contract-notes-body { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    .contract-notes-form { flex: 2 1 320px; display: flex; flex-direction: column; gap: 8px; }
    .contract-notes-row { display: flex; flex-direction: column; gap: 2px; }
    .contract-notes-row.inline { flex-direction: row; align-items: center; gap: 8px; }
    .contract-notes-row vscode-textfield, .contract-notes-row vscode-textarea { width: 100%; }
    .contract-notes-status.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
    .contract-notes-status.error, .contract-notes-reason { color: var(--vscode-errorForeground); }
    .contract-notes-sessions { flex: 1 1 220px; padding: 8px 12px; border-left: 3px solid var(--vscode-panel-border, transparent); }
    .contract-notes-sessions.warning {
      border-left-color: var(--vscode-editorWarning-foreground);
      background: var(--vscode-inputValidation-warningBackground, transparent);
    }
    .contract-notes-sessions.warning .contract-notes-sessions-title { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
    .contract-notes-sessions-list { margin: 4px 0; padding-left: 18px; font-family: var(--vscode-editor-font-family); word-break: break-all; }
    .contract-notes-sessions p { margin: 4px 0; }
  `);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
