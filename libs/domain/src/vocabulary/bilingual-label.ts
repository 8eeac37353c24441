/** A word or phrase shown to people: Italian first (clerks and officers read it), English on request. */
export interface BilingualLabel {
  readonly it: string;
  readonly en: string;
}

/**
 * The readable form of an identifier no vocabulary names yet ("awaiting-completeness-check" →
 * "Awaiting completeness check"), the same in both languages: a state, an event or a kind
 * recorded by an older or newer version is still shown as words, never refused.
 */
export function readableId(id: string): BilingualLabel {
  const words = String(id)
    .replace(/[-_\s]+/g, ' ')
    .trim();
  const text = words === '' ? '—' : words.charAt(0).toUpperCase() + words.slice(1);
  return { it: text, en: text };
}

/**
 * The label of `key` in `labels`, if it has one of its own: identifiers come from stored rows
 * and requests, so `constructor` or `__proto__` must not find what every object inherits.
 */
export const ownLabel = (labels: Readonly<Record<string, BilingualLabel>>, key: string): BilingualLabel | undefined =>
  Object.hasOwn(labels, key) ? labels[key] : undefined;
