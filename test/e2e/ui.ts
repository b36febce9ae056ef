// The UI steps a person takes in the workbench, as playwright-core helpers for the e2e specs.
// Every helper waits on a DOM condition (never a fixed sleep) and fails with the step's name.
// Selectors are those of VS Code 1.100 (code-server 4.100.3); see TESTING.md's table.
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 30_000;

/** Waits until the workbench is drawn. */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
}

/** The activity-bar entry of a view container, by its title (as in its tooltip, e.g. "Audio Deliverables"). */
export function activityBarItem(page: Page, title: string): Locator {
  const label = cssString(title);
  const prefix = cssString(`${title} (`); // built-in entries add the keybinding: "Explorer (Ctrl+Shift+E)"
  return page
    .locator('.part.activitybar .action-item')
    .filter({ has: page.locator(`a.action-label[aria-label=${label}], a.action-label[aria-label^=${prefix}]`) });
}

/** Opens a view container from the activity bar (a no-op when it is open already). */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`the activity bar has no "${title}" entry`, err);
  });
  const shown = page.locator('.part.sidebar .composite.title h2').filter({ hasText: title });
  // After a reload the window may come back with its side bar hidden: show it first (clicking the
  // active container's icon would toggle it, so the icon is clicked only when another is active).
  if (!(await page.locator('.part.sidebar').isVisible())) {
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  }
  if ((await item.getAttribute('aria-selected')) !== 'true') {
    await item.locator('a.action-label').click();
  }
  await shown
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
    .catch((err: unknown) => {
      throw stepError(`the side bar did not show "${title}"`, err);
    });
}

/**
 * A view in the side bar by its name ("Delivery"). When it is the only view of its container its
 * header is merged into the container's title and hidden, but it is still found this way.
 */
export function viewPane(page: Page, viewName: string): Locator {
  return page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header h3.title', { hasText: exactText(viewName) }) });
}

/** Expands a view (clicks its header when it is collapsed) and returns the pane. */
export async function expandView(page: Page, viewName: string): Promise<Locator> {
  const pane = viewPane(page, viewName);
  await pane.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`no view "${viewName}" in the side bar`, err);
  });
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) !== 'true') {
    await header.click();
    await pane.locator('.pane-header[aria-expanded="true"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  }
  return pane;
}

/** The rows of a tree view (only those drawn: lists are virtual). */
export function treeRows(page: Page, viewName: string): Locator {
  return viewPane(page, viewName).locator('.pane-body .monaco-list-row');
}

/** Waits for a tree row whose text contains `text` (label or description) and returns it. */
export async function waitForTreeRow(page: Page, viewName: string, text: string | RegExp): Promise<Locator> {
  const row = treeRows(page, viewName).filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`view "${viewName}" shows no row with ${String(text)}`, err);
  });
  return row;
}

export interface TreeRowText {
  /** The item's label (`.label-name`). */
  label: string;
  /** The item's description (`.label-description`), '' when it has none. */
  description: string;
  /** 1 for top-level items. */
  level: number;
  /** 'true' / 'false' for collapsible items, null for leaves. */
  expanded: string | null;
}

/**
 * The drawn rows of a tree view in on-screen order, label and description apart (innerText glues
 * them together: "Stems3"). The list is virtual and reuses row elements, so DOM order is not
 * screen order: rows are sorted by their data-index.
 */
export async function treeRowTexts(page: Page, viewName: string): Promise<TreeRowText[]> {
  const rows = await treeRows(page, viewName).all();
  const read = await Promise.all(
    rows.map(async (row) => {
      const [index, level, expanded, label, description] = await Promise.all([
        row.getAttribute('data-index'),
        row.getAttribute('aria-level'),
        row.getAttribute('aria-expanded'),
        row.locator('.label-name').allTextContents(),
        row.locator('.label-description').allTextContents(),
      ]);
      return {
        index: Number(index),
        text: { label: label.join('').trim(), description: description.join('').trim(), level: Number(level), expanded },
      };
    }),
  );
  return read.sort((a, b) => a.index - b.index).map((row) => row.text);
}

/** Waits until a tree view shows at least `count` rows and returns their texts. */
export async function waitForTreeRowCount(page: Page, viewName: string, count: number): Promise<string[]> {
  const rows = treeRows(page, viewName);
  await rows.nth(count - 1).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`view "${viewName}" did not show ${count} rows`, err);
  });
  return rows.allInnerTexts();
}

/**
 * Runs a command through the command palette (F1) by its full title as shown there,
 * e.g. "Deliverables: Validate Delivery". Picks the row with exactly that title, not the first match.
 * With `opensQuickPick`, returns once the command is picked (follow with pickQuickPickItem).
 */
export async function runCommand(page: Page, title: string, options: { opensQuickPick?: boolean } = {}): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError('F1 did not open the command palette', err);
  });
  await input.fill(`>${title}`);
  const row = quickInputRow(page, title);
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`the command palette has no command "${title}"`, err);
  });
  await row.click();
  // A command that asks for something next keeps the widget open with its own quick pick.
  if (!options.opensQuickPick) await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/** Toasts currently shown (bottom right). */
export function notifications(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-list-item');
}

/** Waits for a notification toast whose text contains `text` and returns it. */
export async function waitForNotification(page: Page, text: string | RegExp): Promise<Locator> {
  const toast = notifications(page).filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`no notification with ${String(text)}`, err);
  });
  return toast;
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' locator. */
export async function openProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
  }
  await panel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError('Ctrl+Shift+M did not open the Problems panel', err);
  });
  return problemRows(page);
}

/** Rows of the Problems panel: one per file, then one per problem (only those drawn). */
export function problemRows(page: Page): Locator {
  return page.locator('.markers-panel .monaco-list-row');
}

/** Waits for a Problems row whose text contains `text` and returns it. */
export async function waitForProblem(page: Page, text: string | RegExp): Promise<Locator> {
  const row = problemRows(page).filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`the Problems panel shows no row with ${String(text)}`, err);
  });
  return row;
}

/** The content of the active webview (two nested iframes). */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/**
 * The active webview's frames as playwright Frames, for what a locator cannot do: reading a
 * canvas's pixels, listening to the messages the page receives. `host` is VS Code's frame around
 * the page (it relays the page's postMessage), `content` the extension's page; both loaded.
 */
export async function webviewFrames(page: Page): Promise<{ host: Frame; content: Frame }> {
  const outer = await page.locator('iframe.webview.ready').elementHandle({ timeout: STEP_TIMEOUT_MS });
  const host = await outer?.contentFrame();
  const inner = await host?.locator('iframe#active-frame').elementHandle({ timeout: STEP_TIMEOUT_MS });
  const content = await inner?.contentFrame();
  if (!host || !content) throw stepError('no active webview', new Error('iframe#active-frame has no document'));
  await content.waitForLoadState('load', { timeout: STEP_TIMEOUT_MS });
  return { host, content };
}

/** The row of the open palette or quick pick whose label is exactly `label`. */
function quickInputRow(page: Page, label: string): Locator {
  return page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
    .first();
}

/** In the quick pick titled `title` (a command asked for something), picks the row whose label is `label`. */
export async function pickQuickPickItem(page: Page, title: string, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: exactText(title) }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`no quick pick titled "${title}"`, err);
  });
  await input.fill(label);
  const row = quickInputRow(page, label);
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch((err: unknown) => {
    throw stepError(`the quick pick has no item "${label}"`, err);
  });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/**
 * Deliverables: Open Waveform from the palette, picking `fileName` from the deliveries' audio files;
 * returns the editor's page once its tab shows (the file must be in the delivery model already).
 */
export async function openWaveformEditor(page: Page, fileName: string): Promise<FrameLocator> {
  await runCommand(page, 'Deliverables: Open Waveform', { opensQuickPick: true });
  await pickQuickPickItem(page, 'Open Waveform', fileName);
  await page.locator('.tabs-container .tab', { hasText: fileName }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  return webviewContent(page);
}

/** Waits until the waveform editor's lanes show the range its view asks for. */
export async function waitForWaveformDrawn(view: FrameLocator, timeout = STEP_TIMEOUT_MS): Promise<void> {
  await view.locator('canvas.peaks[data-state="drawn"]').waitFor({ state: 'attached', timeout }).catch((err: unknown) => {
    throw stepError('the waveform was not drawn', err);
  });
}

/** A CSS attribute-value string literal. */
function cssString(value: string): string {
  return JSON.stringify(value);
}

/** Matches an element whose whole text is `text` (trimmed). */
function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function stepError(step: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new Error(`${step} (${detail})`);
}

/** Drags the side bar's edge so tree descriptions are readable in screenshots. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(edge - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  // A string predicate: this file compiles without the DOM library.
  await page.waitForFunction(`document.querySelector('.part.sidebar').getBoundingClientRect().width >= ${width - 20}`, undefined, { timeout: STEP_TIMEOUT_MS });
}

/** Moves the pointer to the editor area so no hover tooltip covers what a screenshot shows. */
export async function parkPointer(page: Page): Promise<void> {
  const size = page.viewportSize();
  await page.mouse.move((size?.width ?? 1200) - 200, (size?.height ?? 800) - 200);
}
