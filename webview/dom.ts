// Building the page with text nodes only: strings from prompt files, file names, model names and
// price files are never parsed as HTML. Attributes are set one by one; event-handler and style
// attributes are refused (the CSP would block them anyway, and they are never needed).

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, children);
}

/** A custom element (the @vscode-elements components). */
export function custom<T extends HTMLElement = HTMLElement>(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): T {
  return fill(document.createElement(tag) as T, attrs, children);
}

function fill<T extends HTMLElement>(node: T, attrs: Record<string, string | undefined>, children: Child[]): T {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`refusing attribute ${name}`);
    node.setAttribute(name, value);
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.firstChild.remove();
}
