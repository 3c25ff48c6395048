type Child = Node | string | null | undefined | false;

export interface Props {
  [attribute: string]: string | number | boolean | undefined | ((event: Event) => void);
}

/**
 * Creates an element: `on*` props become listeners (never inline handlers, which the extension CSP
 * forbids), `true` sets an empty attribute, `false`/`undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no element #${id}: its HTML and script are out of step.`);
  return element as T;
}
