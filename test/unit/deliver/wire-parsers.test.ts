// The emulator's S3 wire readers, with hostile input: aws-chunked framing (truncated, oversized, trailing
// data, trailers) and XML request bodies (DOCTYPE and entity expansion refused, entities decoded,
// mismatched tags). Checked against what Node's own HTTP stack and the SDK produce where one exists.

import { describe, expect, it } from 'vitest';
import { AwsChunkedError, decodeAwsChunked } from '../../../src/emulator/protocols/aws-chunked.js';
import { parseXml, XmlSyntaxError } from '../../../src/emulator/protocols/xml-document.js';

describe('aws-chunked', () => {
  it('decodes chunks and the checksum trailer the SDK v3 sends', () => {
    const raw = Buffer.from('c\r\nhello stream\r\n0\r\nx-amz-checksum-crc32:gtnkmQ==\r\n\r\n', 'latin1');
    expect(decodeAwsChunked(raw)).toEqual({
      body: Buffer.from('hello stream'),
      trailers: { 'x-amz-checksum-crc32': 'gtnkmQ==' },
      signatures: [],
    });
  });

  it('keeps chunk signatures for a signed stream', () => {
    const sig = 'a'.repeat(64);
    const raw = Buffer.from(`3;chunk-signature=${sig}\r\nabc\r\n0;chunk-signature=${sig}\r\n\r\n`, 'latin1');
    expect(decodeAwsChunked(raw).signatures).toEqual([sig, sig]);
  });

  it.each([
    ['truncated data', '10\r\nshort\r\n'],
    ['no final chunk', '3\r\nabc\r\n'],
    ['bad size', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['size too large to be real', 'fffffffff\r\nabc\r\n0\r\n\r\n'],
    ['data not followed by CRLF', '3\r\nabcd\r\n0\r\n\r\n'],
    ['data after the end', '3\r\nabc\r\n0\r\n\r\nextra'],
    ['bad trailer', '3\r\nabc\r\n0\r\nno-colon\r\n\r\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => decodeAwsChunked(Buffer.from(text, 'latin1'))).toThrow(AwsChunkedError);
  });
});

describe('XML request bodies', () => {
  it('reads what the SDK writes, entities decoded', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><ETag>&quot;abc&quot;</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
    );
    expect(doc.name).toBe('CompleteMultipartUpload');
    expect(doc.attributes.xmlns).toBe('http://s3.amazonaws.com/doc/2006-03-01/');
    expect(doc.children[0]?.children.map((c) => [c.name, c.text])).toEqual([
      ['ETag', '"abc"'],
      ['PartNumber', '1'],
    ]);
    expect(parseXml('<a>&#65;&#x42;<![CDATA[<c>]]></a>').text).toBe('AB<c>');
  });

  it.each([
    ['a DOCTYPE (entity expansion)', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['an unknown entity', '<a>&x;</a>'],
    ['a mismatched closing tag', '<a><b></a></b>'],
    ['an unterminated element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['a processing instruction inside', '<a><?php x ?></a>'],
    ['a character reference out of range', '<a>&#x110000;</a>'],
    ['text only', 'hello'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
  });
});
