const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

// Half of a UTF-16 pair on its own has no UTF-8 form: utf8mb4 columns and JSON checks refuse it.
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

// Lone surrogates are replaced so a value from outside can be stored as JSON.
export function toWellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value;
  }
  if (Array.isArray(value)) {
    return value.map(toWellFormedJson);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        toWellFormedJson(key) as string,
        toWellFormedJson(inner),
      ]),
    );
  }
  return value;
}
