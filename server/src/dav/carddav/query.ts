import { parseVCardComponent } from '@akte/core';
import type { DavCollection, DavItem, DavScope } from '../collections/types';
import { child, childrenNamed, XmlElement } from '../xml/parse';
import { carddav } from '../xml/namespaces';
import { DavError } from '../errors';
import { el } from '../xml/multistatus';

/**
 * addressbook-query (RFC 6352 §8.6): prop-filter / param-filter / text-match over the cards' properties.
 * The decision is pure (`cardMatchesFilter`); the report loads the collection's cards and keeps the matches.
 */
type Card = ReturnType<typeof parseVCardComponent>;

const COLLATIONS = new Set(['i;unicode-casemap', 'i;ascii-casemap', 'i;octet']);

export function textMatches(value: string, match: XmlElement): boolean {
  const collation = match.attrs.collation ?? 'i;unicode-casemap';
  if (!COLLATIONS.has(collation)) {
    throw new DavError(403, `Unsupported collation ${collation}`, el(carddav('supported-collation')));
  }
  const fold = (s: string) => (collation === 'i;octet' ? s : s.toLocaleLowerCase('und'));
  const haystack = fold(value);
  const needle = fold(match.text);
  const type = match.attrs['match-type'] ?? 'contains';
  let result: boolean;
  if (type === 'equals') result = haystack === needle;
  else if (type === 'starts-with') result = haystack.startsWith(needle);
  else if (type === 'ends-with') result = haystack.endsWith(needle);
  else result = haystack.includes(needle);
  return match.attrs['negate-condition'] === 'yes' ? !result : result;
}

function combine(results: boolean[], test: string | undefined): boolean {
  if (!results.length) return true;
  return test === 'allof' ? results.every(Boolean) : results.some(Boolean);
}

function propValues(card: Card, name: string): Array<{ text: string; params: Record<string, unknown> }> {
  return card.getAllProperties(name.toLowerCase()).map((p) => ({
    text: p.getValues().flat(2).map(String).join(' '),
    params: p.toJSON()[1] as Record<string, unknown>,
  }));
}

function propFilterMatches(card: Card, filter: XmlElement): boolean {
  const name = filter.attrs.name;
  if (!name) throw new DavError(400, 'prop-filter needs a name');
  const values = propValues(card, name);
  if (child(filter, carddav('is-not-defined'))) return values.length === 0;
  const textMatchesEls = childrenNamed(filter, carddav('text-match'));
  const paramFilters = childrenNamed(filter, carddav('param-filter'));
  if (!textMatchesEls.length && !paramFilters.length) return values.length > 0;
  return values.some((value) => {
    const tests = [
      ...textMatchesEls.map((m) => textMatches(value.text, m)),
      ...paramFilters.map((pf) => {
        const param = value.params[(pf.attrs.name ?? '').toLowerCase()];
        if (child(pf, carddav('is-not-defined'))) return param === undefined;
        if (param === undefined) return false;
        const match = child(pf, carddav('text-match'));
        return match ? [param].flat().some((v) => textMatches(String(v), match)) : true;
      }),
    ];
    return combine(tests, filter.attrs.test);
  });
}

/** Whether one card matches the `<C:filter>` (an empty filter matches everything). Pure. */
export function cardMatchesFilter(card: Card, filter: XmlElement | undefined): boolean {
  const propFilters = childrenNamed(filter, carddav('prop-filter'));
  return combine(
    propFilters.map((pf) => propFilterMatches(card, pf)),
    filter?.attrs.test,
  );
}

/** Upper bound of matches per query response (RFC 6352 §8.6.1 lets the server truncate). */
export const QUERY_MAX_RESULTS = 5000;

export async function addressbookQuery(
  collection: DavCollection,
  scope: DavScope,
  request: XmlElement,
): Promise<DavItem[]> {
  const filter = child(request, carddav('filter'));
  const limitText = child(child(request, carddav('limit')), carddav('nresults'))?.text;
  const limit = Math.min(limitText ? Number(limitText) || QUERY_MAX_RESULTS : QUERY_MAX_RESULTS, QUERY_MAX_RESULTS);
  const metas = await collection.list(scope);
  const items = await collection.get(
    scope,
    metas.map((m) => m.name),
  );
  const matches: DavItem[] = [];
  for (const item of items) {
    if (matches.length >= limit) break;
    if (cardMatchesFilter(parseVCardComponent(item.body), filter)) matches.push(item);
  }
  return matches;
}
