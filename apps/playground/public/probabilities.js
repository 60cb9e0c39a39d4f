// @ts-check
import { element, placePopover } from './dom.js';

/**
 * A background colour for probability `p`: red for unlikely tokens, through amber, to green for
 * near-certain ones (hue 0 → 120), as OpenAI's Playground coloured them.
 * @param {number} p
 */
export function probabilityColour(p) {
  return `hsl(${Math.round(120 * Math.max(0, Math.min(1, p)))} 70% 85%)`;
}

/** @param {number} logprob */
function percent(logprob) {
  const p = Math.exp(logprob) * 100;
  return p >= 10 ? `${p.toFixed(1)}%` : p >= 0.01 ? `${p.toFixed(2)}%` : '<0.01%';
}

/** @param {string} text */
function visible(text) {
  return text.replace(/\n/g, '↵').replace(/\t/g, '⇥') || '∅';
}

/**
 * A token as a coloured span; hovering, focusing or clicking it shows its probability and the
 * top alternatives in `popover`.
 * @param {string} text
 * @param {number} logprob
 * @param {Record<string, number> | null} alternatives
 * @param {HTMLElement} popover
 */
export function tokenSpan(text, logprob, alternatives, popover) {
  const span = element('span', { text, className: 'token' });
  span.style.backgroundColor = probabilityColour(Math.exp(logprob));
  span.tabIndex = 0;
  span.dataset.logprob = String(logprob);
  span.setAttribute('aria-label', `${visible(text)}: ${percent(logprob)}`);
  const show = () => {
    popover.replaceChildren(
      element('div', { className: 'popover-title', text: `${visible(text)} — ${percent(logprob)}` }),
    );
    const list = element('ol', { className: 'alternatives' });
    for (const [alternative, value] of Object.entries(alternatives ?? {}).sort((a, b) => b[1] - a[1])) {
      const item = element('li', { className: alternative === text ? 'chosen' : '' });
      const bar = element('span', { className: 'bar-fill' });
      bar.style.width = `${Math.max(1, Math.exp(value) * 100)}%`;
      item.append(
        element('code', { text: visible(alternative) }),
        element('span', { className: 'percent', text: percent(value) }),
        bar,
      );
      list.append(item);
    }
    popover.append(list);
    placePopover(popover, span.getBoundingClientRect());
  };
  const hide = () => {
    popover.hidden = true;
  };
  span.addEventListener('mouseenter', show);
  span.addEventListener('focus', show);
  span.addEventListener('click', show);
  span.addEventListener('mouseleave', hide);
  span.addEventListener('blur', hide);
  return span;
}
