import ICAL from 'ical.js';

/**
 * vCard 3.0 (RFC 2426) / 4.0 (RFC 6350) codec for the CRM's contact fields, on ical.js. Isomorphic (no Node APIs).
 *
 * The CRM models only some properties. To keep everything else a client sent (X- properties, groups, IMPP, PHOTO,
 * …) the DAV layer stores the client's raw card and `applyContactFields` rewrites only the properties whose CRM
 * field actually changed since — an unchanged card is returned byte for byte.
 */
export type VCardVersion = '3.0' | '4.0';

export interface ContactEmail {
  email: string;
  type: string;
}
export interface ContactPhone {
  number: string;
  type: string;
}
export interface ContactAddress {
  type: string;
  street: string | null;
  street2: string | null;
  zip: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}

export interface ContactFields {
  name: string;
  isCompany: boolean;
  /** ORG's first component: the company a contact person works for. */
  company: string | null;
  jobTitle: string | null;
  emails: ContactEmail[];
  phones: ContactPhone[];
  addresses: ContactAddress[];
  notes: string | null;
  tags: string[];
  website: string | null;
  /** YYYY-MM-DD; a birthday without a year (`--0203`) has no CRM equivalent and stays in the card only. */
  birthday: string | null;
}

export class VCardError extends Error {}

export interface ParsedVCard {
  version: VCardVersion;
  uid: string | null;
  fields: ContactFields;
}

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;

/** Parses exactly one vCard; anything else (garbage, several cards, an iCalendar) is a VCardError. */
export function parseVCardComponent(text: string): Component {
  if (!/^\s*BEGIN:VCARD/i.test(text)) throw new VCardError('Not a vCard: the body must start with BEGIN:VCARD');
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (err) {
    throw new VCardError(`Malformed vCard: ${(err as Error).message}`);
  }
  if (!Array.isArray(jcal) || jcal.length === 0) throw new VCardError('Malformed vCard');
  if (Array.isArray(jcal[0])) throw new VCardError('One vCard per resource: the body holds several');
  const component = new ICAL.Component(jcal as never);
  if (component.name !== 'vcard') throw new VCardError('Not a vCard');
  const version = component.getFirstPropertyValue('version');
  if (version !== '3.0' && version !== '4.0') throw new VCardError('VERSION must be 3.0 or 4.0');
  if (component.getAllProperties('uid').length > 1) throw new VCardError('A vCard has at most one UID');
  return component;
}

export function parseVCard(text: string): ParsedVCard {
  const component = parseVCardComponent(text);
  const uid = component.getFirstPropertyValue('uid');
  return {
    version: component.getFirstPropertyValue('version') as VCardVersion,
    uid: typeof uid === 'string' && uid.trim() ? uid.trim() : null,
    fields: fieldsOf(component),
  };
}

const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const s = (Array.isArray(value) ? value[0] : value)?.toString().trim();
  return s ? s : null;
};

const typesOf = (prop: Property): string[] => {
  const raw = prop.getParameter('type') as string | string[] | undefined;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase());
};

function emailType(types: string[]): string {
  if (types.includes('home')) return 'home';
  if (types.includes('work')) return 'work';
  return 'other';
}

function phoneType(types: string[]): string {
  if (types.includes('cell')) return 'mobile';
  if (types.includes('fax')) return 'fax';
  if (types.includes('home')) return 'home';
  if (types.includes('work')) return 'work';
  return 'other';
}

function fieldsOf(card: Component): ContactFields {
  const kind = text(card.getFirstPropertyValue('kind'))?.toLowerCase();
  const showAs = text(card.getFirstPropertyValue('x-abshowas'))?.toUpperCase();
  const org = card.getFirstProperty('org')?.getFirstValue() as unknown;
  const company = text(org);
  const n = card.getFirstProperty('n')?.getFirstValue() as unknown;
  const nParts = Array.isArray(n) ? n.map((p) => text(p) ?? '') : [];
  const fromN = [nParts[1], nParts[0]].filter(Boolean).join(' ');
  const emails = card.getAllProperties('email').flatMap((p) => {
    const email = text(p.getFirstValue());
    return email ? [{ email, type: emailType(typesOf(p)) }] : [];
  });
  const name = text(card.getFirstPropertyValue('fn')) ?? (fromN || company || emails[0]?.email || 'Unnamed');
  const bday = text(card.getFirstPropertyValue('bday'));
  return {
    name,
    isCompany: kind === 'org' || showAs === 'COMPANY',
    company,
    jobTitle: text(card.getFirstPropertyValue('title')),
    emails,
    phones: card.getAllProperties('tel').flatMap((p) => {
      const number = text(p.getFirstValue())?.replace(/^tel:/i, '');
      return number ? [{ number, type: phoneType(typesOf(p)) }] : [];
    }),
    addresses: card.getAllProperties('adr').map((p) => {
      const parts = (p.getFirstValue() as unknown as unknown[]) ?? [];
      const part = (i: number) => text(parts[i]);
      const types = typesOf(p);
      return {
        type: types.includes('home') ? 'home' : types.includes('work') ? 'work' : 'other',
        street: part(2),
        street2: part(1),
        zip: part(5),
        city: part(3),
        region: part(4),
        country: part(6),
      };
    }),
    notes: text(card.getFirstPropertyValue('note')),
    tags: card.getAllProperties('categories').flatMap((p) =>
      p
        .getValues()
        .map((v) => text(v) ?? '')
        .filter(Boolean),
    ),
    website: text(card.getFirstPropertyValue('url')),
    birthday: bday && /^\d{4}-\d{2}-\d{2}/.test(bday) ? bday.slice(0, 10) : null,
  };
}

/** Rewrites the card's properties for every CRM field that differs between `previous` and `next`. */
export function applyContactFields(raw: string, previous: ContactFields, next: ContactFields): string {
  const changed = (Object.keys(next) as Array<keyof ContactFields>).filter(
    (key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]),
  );
  if (!changed.length) return raw;
  const card = parseVCardComponent(raw);
  for (const key of changed) writeField(card, key, next);
  return card.toString() + '\r\n';
}

/** A fresh card for a CRM record nobody synced yet. */
export function renderVCard(fields: ContactFields, uid: string, version: VCardVersion = '3.0'): string {
  const card = new ICAL.Component(['vcard', [['version', {}, 'text', version]], []] as never);
  card.addPropertyWithValue('uid', uid);
  for (const key of Object.keys(fields) as Array<keyof ContactFields>) writeField(card, key, fields);
  return card.toString() + '\r\n';
}

function setSingle(card: Component, name: string, value: string | null): void {
  if (value === null) card.removeAllProperties(name);
  else card.updatePropertyWithValue(name, value);
}

function addProp(card: Component, name: string, value: unknown, types: string[], valueType?: string): Property {
  const params: Record<string, unknown> = {};
  if (types.length) params.type = types.length === 1 ? types[0] : types;
  const design = designOf(card.getFirstPropertyValue('version') === '4.0' ? '4.0' : '3.0');
  const type = valueType ?? design.property[name]?.defaultType ?? 'unknown';
  const prop = new ICAL.Property([name, params, type, value] as never, card);
  card.addProperty(prop);
  return prop;
}

type DesignProperty = { defaultType: string; structuredValue?: string; multiValue?: string; allowedTypes?: string[] };
type DesignSet = { property: Record<string, DesignProperty | undefined>; value: Record<string, unknown> };
function designOf(version: VCardVersion): DesignSet {
  const design = ICAL.design as unknown as Record<string, DesignSet>;
  return version === '4.0' ? design.vcard : design.vcard3;
}

/** Replaces a multi-valued property, keeping the existing properties (and their parameters, groups) that still match. */
function syncList<T>(
  card: Component,
  name: string,
  wanted: T[],
  current: (p: Property) => T | null,
  add: (v: T) => void,
): void {
  const keep = new Set<number>();
  const props = card.getAllProperties(name);
  props.forEach((prop) => {
    const value = current(prop);
    const index = wanted.findIndex((w, i) => !keep.has(i) && JSON.stringify(w) === JSON.stringify(value));
    if (index >= 0) keep.add(index);
    else card.removeProperty(prop);
  });
  wanted.forEach((value, i) => {
    if (!keep.has(i)) add(value);
  });
}

const PHONE_TYPES: Record<string, string[]> = { mobile: ['cell'], fax: ['fax'], home: ['home'], work: ['work'] };

function writeField(card: Component, key: keyof ContactFields, f: ContactFields): void {
  const v4 = card.getFirstPropertyValue('version') === '4.0';
  switch (key) {
    case 'name': {
      card.updatePropertyWithValue('fn', f.name);
      const words = f.name.split(/\s+/);
      const n = f.isCompany
        ? ['', '', '', '', '']
        : [words.length > 1 ? words.at(-1)! : f.name, words.slice(0, -1).join(' '), '', '', ''];
      const prop = card.getFirstProperty('n') ?? addProp(card, 'n', n, []);
      prop.setValue(n as never);
      return;
    }
    case 'isCompany':
      if (v4) setSingle(card, 'kind', f.isCompany ? 'org' : null);
      else setSingle(card, 'x-abshowas', f.isCompany ? 'COMPANY' : null);
      return;
    case 'company':
      card.removeAllProperties('org');
      if (f.company) addProp(card, 'org', [f.company], []);
      return;
    case 'jobTitle':
      return setSingle(card, 'title', f.jobTitle);
    case 'notes':
      return setSingle(card, 'note', f.notes);
    case 'website':
      return setSingle(card, 'url', f.website);
    case 'birthday':
      card.removeAllProperties('bday');
      if (f.birthday) card.addPropertyWithValue('bday', ICAL.VCardTime.fromDateAndOrTimeString(f.birthday, 'date'));
      return;
    case 'tags':
      card.removeAllProperties('categories');
      if (f.tags.length) {
        const prop = new ICAL.Property('categories', card);
        prop.setValues(f.tags);
        card.addProperty(prop);
      }
      return;
    case 'emails':
      return syncList(
        card,
        'email',
        f.emails,
        (p) => ({ email: text(p.getFirstValue()) ?? '', type: emailType(typesOf(p)) }),
        (e) => addProp(card, 'email', e.email, e.type === 'other' ? [] : [e.type]),
      );
    case 'phones':
      return syncList(
        card,
        'tel',
        f.phones,
        (p) => ({ number: text(p.getFirstValue())?.replace(/^tel:/i, '') ?? '', type: phoneType(typesOf(p)) }),
        (t) => addProp(card, 'tel', t.number, PHONE_TYPES[t.type] ?? [], v4 ? 'text' : undefined),
      );
    case 'addresses':
      return syncList(
        card,
        'adr',
        f.addresses,
        (p) => fieldsOfAdr(p),
        (a) =>
          addProp(
            card,
            'adr',
            ['', a.street2 ?? '', a.street ?? '', a.city ?? '', a.region ?? '', a.zip ?? '', a.country ?? ''],
            a.type === 'other' ? [] : [a.type],
          ),
      );
  }
}

function fieldsOfAdr(p: Property): ContactAddress {
  const parts = (p.getFirstValue() as unknown as unknown[]) ?? [];
  const types = typesOf(p);
  return {
    type: types.includes('home') ? 'home' : types.includes('work') ? 'work' : 'other',
    street: text(parts[2]),
    street2: text(parts[1]),
    zip: text(parts[5]),
    city: text(parts[3]),
    region: text(parts[4]),
    country: text(parts[6]),
  };
}

/** The version a card declares, without a full parse. */
export function vcardVersionOf(raw: string): VCardVersion | null {
  const match = /^VERSION:\s*([34]\.0)\s*$/im.exec(raw);
  return match ? (match[1] as VCardVersion) : null;
}

const BINARY_PROPS = new Set(['photo', 'logo', 'sound', 'key']);

/**
 * Serves a stored card in the version a client asked for (RFC 6352 §5.1.1 / §10.4.1). Converts the properties that
 * differ in representation between 3.0 and 4.0: inline binaries (ENCODING=b ↔ data: URIs), `tel:` URIs, KIND,
 * PREF, and the default value types of dates; everything else is carried over unchanged.
 */
export function convertVCard(raw: string, target: VCardVersion): string {
  const card = parseVCardComponent(raw);
  if (card.getFirstPropertyValue('version') === target) return raw;
  const jcal = card.toJSON() as [string, Array<[string, Record<string, unknown>, string, ...unknown[]]>, unknown[]];
  const out: (typeof jcal)[1] = [];
  for (const [name, params, type, ...values] of jcal[1]) {
    const p = { ...params };
    let t = type;
    let vals = values;
    if (name === 'version') vals = [target];
    if (target === '4.0') {
      if (BINARY_PROPS.has(name) && String(p.encoding ?? '').toLowerCase() === 'b') {
        const media = String(p.type ?? 'jpeg').toLowerCase();
        vals = values.map((v) => `data:${media.includes('/') ? media : `image/${media}`};base64,${String(v)}`);
        delete p.encoding;
        delete p.type;
        t = 'uri';
      }
      if (name === 'x-abshowas' && String(values[0]).toUpperCase() === 'COMPANY') out.push(['kind', {}, 'text', 'org']);
    } else {
      const first = String(values[0] ?? '');
      if (BINARY_PROPS.has(name) && /^data:[^;,]*;base64,/.test(first)) {
        const media = /^data:([^;,]*)/.exec(first)![1];
        vals = [first.replace(/^data:[^,]*,/, '')];
        p.encoding = 'b';
        p.type = (media.split('/')[1] ?? 'jpeg').toUpperCase();
        t = 'binary';
      }
      if (name === 'tel' && /^tel:/i.test(first)) {
        vals = [first.replace(/^tel:/i, '')];
        t = 'phone-number';
      }
      if (name === 'kind') {
        if (first.toLowerCase() === 'org') out.push(['x-abshowas', {}, 'unknown', 'COMPANY']);
        continue;
      }
      if (p.pref !== undefined) {
        const types = Array.isArray(p.type) ? p.type : p.type ? [p.type] : [];
        p.type = [...types, 'pref'];
        delete p.pref;
      }
    }
    // GEO is `lat;lon` (floats) in 3.0 and a `geo:lat,lon` URI in 4.0.
    if (name === 'geo') {
      const v = vals[0];
      if (target === '4.0' && Array.isArray(v)) vals = [`geo:${v.join(',')}`];
      const uri = /^geo:([-\d.]+),([-\d.]+)/.exec(String(v));
      if (target === '3.0' && uri) vals = [[Number(uri[1]), Number(uri[2])]];
    }
    const def = designOf(target).property[name];
    if (['bday', 'anniversary'].includes(name) && ['date', 'date-time', 'date-and-or-time'].includes(t)) {
      t = target === '4.0' ? 'date-and-or-time' : String(vals[0]).includes('T') ? 'date-time' : 'date';
    } else if (t !== 'binary' && !(name === 'tel' && t === 'uri')) {
      // Properties the target version does not define keep their type, so text stays escaped.
      t = def?.defaultType ?? t;
    }
    // A value type the target does not know (vCard 3's inline AGENT vcard): send it as escaped text.
    if (!(t in designOf(target).value) && t !== 'unknown') t = 'text';
    // A structured value (GENDER, a vendor property) the target version knows only as plain text.
    if (!def?.structuredValue && !def?.multiValue) {
      const flat = (v: unknown): string =>
        Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(',') : String(x))).join(';') : String(v);
      vals = vals.some((v) => Array.isArray(v)) || vals.length > 1 ? [vals.map(flat).join(',')] : vals.map(flat);
    }
    if (p.value !== undefined) delete p.value;
    out.push([name, p, t, ...vals]);
  }
  return new ICAL.Component(['vcard', out, []] as never).toString() + '\r\n';
}
