/** Children an element may be given: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element with attributes, event handlers (`on<event>`) and children. Text is always set as text, never
 * as HTML, so nothing a gateway answer holds can become markup.
 */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Array<Child | Child[]>): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Array<Child | Child[]>): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table from rows: one header row, then a row per item. */
export function table<Row>(columns: Array<{ title: string; cell: (row: Row) => Child | Child[]; numeric?: boolean }>, rows: readonly Row[], rowAttributes?: (row: Row) => Record<string, string | EventListener>): HTMLTableElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { class: column.numeric ? 'numeric' : undefined }, column.title)))),
    h(
      'tbody',
      {},
      rows.map((row) => h('tr', rowAttributes?.(row) ?? {}, columns.map((column) => h('td', { class: column.numeric ? 'numeric' : undefined }, column.cell(row))))),
    ),
  );
}
