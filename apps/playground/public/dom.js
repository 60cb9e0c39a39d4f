// @ts-check

/**
 * The element with `id`, checked to be of `type`: a missing or renamed element fails loudly at
 * start-up instead of as a null somewhere later.
 * @template {Element} T
 * @param {string} id
 * @param {{ new (): T; prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or is not a ${type.name}`);
  return element;
}

/**
 * A new element with text and class.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ text?: string, className?: string }} [options]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, options = {}) {
  const created = document.createElement(tag);
  if (options.text !== undefined) created.textContent = options.text;
  if (options.className !== undefined) created.className = options.className;
  return created;
}

/**
 * Shows `message` in an error paragraph, or hides it when `message` is empty.
 * @param {HTMLElement} target
 * @param {string} message
 */
export function showError(target, message) {
  target.textContent = message;
  target.hidden = message === '';
}

/**
 * Calls `action` once `delayMs` passed without another call: for requests made while typing.
 * @param {() => void} action
 * @param {number} delayMs
 * @returns {() => void}
 */
export function debounce(action, delayMs) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, delayMs);
  };
}

/**
 * Places a popover next to `anchor`, inside the viewport.
 * @param {HTMLElement} popover
 * @param {DOMRect} anchor
 */
export function placePopover(popover, anchor) {
  popover.hidden = false;
  const { width, height } = popover.getBoundingClientRect();
  const left = Math.min(Math.max(8, anchor.left), window.innerWidth - width - 8);
  const below = anchor.bottom + 6;
  const top = below + height > window.innerHeight - 8 ? anchor.top - height - 6 : below;
  popover.style.left = `${left + window.scrollX}px`;
  popover.style.top = `${Math.max(8, top) + window.scrollY}px`;
}
