// A small XML reader for request bodies (restXml): elements, text and the five entities plus numeric
// references. Attributes are read but unused; DOCTYPE and processing instructions other than the prolog are
// refused, so no entity expansion can happen. Malformed input throws XmlSyntaxError.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (entities decoded). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parse a document with exactly one root element. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlSyntaxError(`${what} at offset ${i}`);
  };
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  skipSpace();
  if (source.startsWith('<?xml', i)) {
    const end = source.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  skipMisc();
  if (source.startsWith('<!', i) || source.startsWith('<?', i))
    fail('DOCTYPE or processing instruction not allowed');
  const root = readElement();
  skipMisc();
  if (i !== source.length) fail('content after the root element');
  return root;

  function readElement(): XmlElement {
    if (source[i] !== '<') fail('expected an element');
    i++;
    const m = NAME.exec(source.slice(i, i + 256));
    if (!m) return fail('expected an element name');
    const name = m[0];
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const a = NAME.exec(source.slice(i, i + 256));
      if (!a) return fail('expected an attribute');
      i += a[0].length;
      skipSpace();
      if (source[i] !== '=') fail('expected = after an attribute name');
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted attribute value');
      const end = source.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute value');
      attributes[a[0]] = decodeEntities(source.slice(i + 1, end));
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= source.length) fail(`unterminated element <${name}>`);
      if (source.startsWith('</', i)) {
        i += 2;
        if (!source.startsWith(name, i)) fail(`mismatched closing tag for <${name}>`);
        i += name.length;
        skipSpace();
        if (source[i] !== '>') fail('expected >');
        i++;
        return { name, attributes, children, text };
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA section');
        text += source.slice(i + 9, end);
        i = end + 3;
      } else if (source.startsWith('<!', i) || source.startsWith('<?', i)) {
        fail('DOCTYPE or processing instruction not allowed');
      } else if (source[i] === '<') {
        children.push(readElement());
      } else {
        const next = source.indexOf('<', i);
        const end = next < 0 ? source.length : next;
        text += decodeEntities(source.slice(i, end));
        i = end;
      }
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{1,10});/g, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X'))
      return codePoint(Number.parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return codePoint(Number.parseInt(ref.slice(1), 10), whole);
    const known = ENTITIES[ref];
    if (known === undefined) throw new XmlSyntaxError(`unknown entity ${whole}`);
    return known;
  });
}

function codePoint(n: number, whole: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 0x10ffff)
    throw new XmlSyntaxError(`bad character reference ${whole}`);
  return String.fromCodePoint(n);
}
