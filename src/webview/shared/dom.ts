/** Creates an element; text is set through textContent only (file names and metadata are user text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface ButtonOptions {
  id?: string;
  /** Tooltip (and the key or gesture that does the same). */
  title?: string;
  /** A secondary (less prominent) button. */
  secondary?: boolean;
}

/** A vscode-button (the page imports its element definition) labelled through textContent. */
export function button(label: string, options: ButtonOptions = {}): HTMLElement {
  const node = document.createElement('vscode-button');
  node.textContent = label;
  if (options.id) node.id = options.id;
  if (options.title) node.title = options.title;
  if (options.secondary) node.setAttribute('secondary', '');
  return node;
}
