// The page's only way to create markup: text goes through textContent, attributes through
// setAttribute with a fixed allow-list, and links only to the page's own hash routes. No HTML
// string is ever parsed, so stored trace data can never become markup or script.

type Child = Node | string | number | null | undefined | false;

const ALLOWED_ATTRIBUTES = new Set([
  'class',
  'title',
  'type',
  'name',
  'value',
  'placeholder',
  'for',
  'id',
  'role',
  'aria-label',
  'aria-selected',
  'aria-live',
  'tabindex',
  'colspan',
  'data-span-id',
  'data-testid',
  'checked',
  'selected',
  'disabled',
  'min',
  'step',
]);

/** A safe in-page link target: `#/` followed by route characters only. */
export function isSafeHref(href: string): boolean {
  return /^#\/[A-Za-z0-9/?=&%._~+-]*$/.test(href);
}

/** Creates an element with attributes and children; strings become text nodes. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (name === 'href') {
      if (isSafeHref(value)) element.setAttribute('href', value);
    } else if (ALLOWED_ATTRIBUTES.has(name)) {
      element.setAttribute(name, value);
    } else {
      throw new Error(`Attribute ${name} is not allowed.`);
    }
  }
  append(element, ...children);
  return element;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
