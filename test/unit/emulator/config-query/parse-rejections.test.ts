import { describe, expect, it } from 'vitest';
import { InvalidExpressionError, parseConfigQuery } from '../../../../src/emulator/config-query/index.js';

/** Parse and return the error it must throw. */
function rejection(expression: string): InvalidExpressionError {
  try {
    parseConfigQuery(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidExpressionError);
    return error as InvalidExpressionError;
  }
  throw new Error(`expected '${expression}' to be rejected`);
}

describe('parseConfigQuery rejections', () => {
  it.each([
    ['FROM', "SELECT resourceId FROM resources WHERE resourceType = 'x'", 'FROM is not supported', 18],
    ['AS', 'SELECT resourceId AS id', 'AS is not supported', 18],
    [
      'HAVING',
      'SELECT awsRegion, COUNT(*) GROUP BY awsRegion HAVING COUNT(*) > 1',
      'HAVING is not supported',
      46,
    ],
    ['DISTINCT', 'SELECT DISTINCT awsRegion', 'DISTINCT is not supported', 7],
    ['DISTINCT inside COUNT', 'SELECT COUNT(DISTINCT awsRegion)', 'DISTINCT is not supported', 13],
    ['JOIN', 'SELECT resourceId JOIN x', 'JOIN is not supported', 18],
    ['UNION', 'SELECT resourceId UNION SELECT arn', 'UNION is not supported', 18],
    ['ALL', 'SELECT ALL resourceId', 'ALL is not supported', 7],
    ['lower-case banned keyword', 'select resourceId from x', 'FROM is not supported', 18],
    ['LIMIT', 'SELECT resourceId LIMIT 5', 'LIMIT is not supported', 18],
    ['IS NULL', 'SELECT resourceId WHERE resourceName IS NULL', 'IS [NOT] NULL is not supported', 37],
  ])('rejects %s', (_name, expression, fragment, offset) => {
    const error = rejection(expression);
    expect(error.message).toContain(fragment);
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(`at offset ${offset}`);
    expect(error.code).toBe('CONFIG_QUERY_INVALID');
  });

  it.each([
    ['a leading wildcard', "SELECT resourceId WHERE resourceName LIKE '%bucket'", 'leading wildcard'],
    ['a leading _ wildcard', "SELECT resourceId WHERE resourceName LIKE '_bucket%'", 'leading wildcard'],
    [
      'a wildcard in the middle',
      "SELECT resourceId WHERE resourceName LIKE 'abc%def'",
      'only a trailing wildcard',
    ],
    [
      'an _ in the middle of a name',
      "SELECT resourceId WHERE resourceName LIKE 'my_bucket%'",
      "'_' is itself",
    ],
    [
      'a 2-character prefix',
      "SELECT resourceId WHERE resourceName LIKE 'ab%'",
      'at least 3 literal characters',
    ],
    ['a non-string pattern', 'SELECT resourceId WHERE resourceName LIKE 123', 'LIKE needs a quoted string'],
  ])('rejects LIKE with %s', (_name, expression, fragment) => {
    const error = rejection(expression);
    expect(error.message).toContain(fragment);
    expect(error.offset).toBe(expression.indexOf('LIKE') + 5);
  });

  it('rejects nested aggregates', () => {
    const error = rejection('SELECT COUNT(MAX(configuration.size))');
    expect(error.message).toContain('aggregate functions cannot be nested');
    expect(error.offset).toBe(13);
  });

  it('rejects a fourth GROUP BY property, pointing at it', () => {
    const expression = 'SELECT COUNT(*) GROUP BY accountId, awsRegion, resourceType, availabilityZone';
    const error = rejection(expression);
    expect(error.message).toContain('GROUP BY takes at most 3 properties');
    expect(error.offset).toBe(expression.indexOf('availabilityZone'));
    expect(() =>
      parseConfigQuery('SELECT COUNT(*) GROUP BY accountId, awsRegion, resourceType'),
    ).not.toThrow();
  });

  it('allows only 1 GROUP BY property when ORDER BY uses an aggregate', () => {
    const error = rejection(
      'SELECT resourceType, awsRegion, COUNT(*) GROUP BY resourceType, awsRegion ORDER BY COUNT(*) DESC',
    );
    expect(error.message).toContain('GROUP BY may name only 1 property (found 2)');
    expect(() =>
      parseConfigQuery('SELECT awsRegion, COUNT(*) GROUP BY awsRegion ORDER BY COUNT(*) DESC'),
    ).not.toThrow();
  });

  it.each([
    ['a semicolon', 'SELECT resourceId;', "unexpected character ';'", 17],
    [
      'a double-quoted string',
      'SELECT resourceId WHERE resourceType = "AWS::S3::Bucket"',
      'double-quoted',
      39,
    ],
    ['a comment', 'SELECT resourceId -- all', 'comments are not supported', 18],
    ['!=', "SELECT resourceId WHERE awsRegion != 'x'", "'!=' is not supported; write NOT", 34],
    ['<>', "SELECT resourceId WHERE awsRegion <> 'x'", "'<>' is not supported", 34],
    ['<=', 'SELECT resourceId WHERE configuration.size <= 5', "'<=' is not supported", 43],
    ['>=', 'SELECT resourceId WHERE configuration.size >= 5', "'>=' is not supported", 43],
    ['arithmetic', 'SELECT resourceId WHERE configuration.size = 5 + 1', "unexpected character '+'", 47],
    ['a path ending in a dot', 'SELECT configuration.', 'segment must start with a letter', 21],
    ['a malformed number', 'SELECT resourceId WHERE configuration.size = 5abc', 'malformed number', 45],
    ['an unterminated string', "SELECT resourceId WHERE awsRegion = 'eu", 'unterminated string', 36],
  ])('rejects unknown tokens: %s', (_name, expression, fragment, offset) => {
    const error = rejection(expression);
    expect(error.message).toContain(fragment);
    expect(error.offset).toBe(offset);
  });

  it.each([
    [
      'garbage after the query',
      "SELECT resourceId WHERE awsRegion = 'x' extra",
      "unexpected 'extra' after the end",
      40,
    ],
    [
      'a second value',
      "SELECT resourceId WHERE awsRegion = 'x' 'y'",
      "unexpected string 'y' after the end",
      40,
    ],
    [
      'clauses out of order',
      'SELECT awsRegion ORDER BY awsRegion WHERE awsRegion = 1',
      'clauses must come in the order',
      36,
    ],
    ['a repeated WHERE', "SELECT arn WHERE arn = 'a' WHERE arn = 'b'", 'clauses must come in the order', 27],
    ['a trailing comma', 'SELECT resourceId,', 'expected a property in SELECT, found the end', 18],
    ['a dangling AND', "SELECT arn WHERE arn = 'a' AND", 'expected a condition', 30],
    ['an unclosed parenthesis', "SELECT arn WHERE (arn = 'a'", "expected ')' to close (", 27],
    ['GROUP without BY', 'SELECT awsRegion GROUP awsRegion', 'expected BY after GROUP', 23],
  ])('rejects %s', (_name, expression, fragment, offset) => {
    const error = rejection(expression);
    expect(error.message).toContain(fragment);
    expect(error.offset).toBe(offset);
  });

  it('rejects empty and whitespace-only input', () => {
    expect(rejection('').message).toContain('empty expression');
    expect(rejection('   \n ').message).toContain('empty expression');
  });

  it('rejects expressions over 4096 characters and accepts exactly 4096', () => {
    const base = "SELECT resourceId WHERE resourceName = '";
    const exact = `${base}${'x'.repeat(4096 - base.length - 1)}'`;
    expect(exact.length).toBe(4096);
    expect(() => parseConfigQuery(exact)).not.toThrow();
    const error = rejection(`${exact} `);
    expect(error.message).toContain('4097 characters long; the maximum is 4096');
  });

  it.each([
    ['no SELECT', "WHERE awsRegion = 'x'", 'a query must start with SELECT', 0],
    ['an empty select list', "SELECT WHERE awsRegion = 'x'", 'found keyword WHERE', 7],
    ['* combined with columns', 'SELECT *, configuration', "'*' cannot be combined", 8],
    [
      'an unknown property',
      'SELECT resourceid',
      "unknown property 'resourceid' (property names are case-sensitive)",
      7,
    ],
    ['a sub-path of a scalar', 'SELECT resourceId.x', "'resourceId' is a scalar", 7],
    ['an unknown tags field', "SELECT arn WHERE tags.name = 'x'", "unknown property 'tags.name'", 17],
    ['an unknown function', 'SELECT LOWER(resourceName)', "unknown function 'LOWER'", 7],
    ['SUM(*)', 'SELECT SUM(*)', 'only COUNT accepts *', 11],
    [
      'two arguments',
      'SELECT MAX(configuration.size, configuration.iops)',
      'MAX takes exactly one argument',
      29,
    ],
    [
      'an aggregate in WHERE',
      'SELECT arn WHERE COUNT(*) = 1',
      'aggregate functions are not allowed in WHERE',
      17,
    ],
    ['an aggregate in GROUP BY', 'SELECT COUNT(*) GROUP BY COUNT(*)', 'GROUP BY takes properties', 25],
    ['a literal before the property', "SELECT arn WHERE 'x' = awsRegion", 'the property must come first', 17],
    [
      'a property compared with a property',
      'SELECT arn WHERE resourceId = resourceName',
      'expected a value',
      30,
    ],
    ['an unquoted value', 'SELECT arn WHERE resourceType = AWS', 'expected a value', 32],
    [
      'a missing operator',
      "SELECT arn WHERE awsRegion 'x'",
      'expected an operator (=, <, >, IN, BETWEEN, LIKE)',
      27,
    ],
    ['infix NOT IN', "SELECT arn WHERE awsRegion NOT IN ('x')", 'infix NOT is not supported', 27],
    ['an empty IN list', 'SELECT arn WHERE awsRegion IN ()', 'expected a value', 31],
    [
      'BETWEEN without AND',
      'SELECT arn WHERE configuration.size BETWEEN 1 OR 2',
      'expected AND in BETWEEN',
      46,
    ],
    [
      'a boolean with <',
      'SELECT arn WHERE configuration.encrypted < true',
      '< cannot compare with a boolean',
      43,
    ],
    [
      'a non-grouped column',
      'SELECT resourceId, COUNT(*) GROUP BY awsRegion',
      "'resourceId' must be in GROUP BY",
      7,
    ],
    [
      'a non-grouped column without GROUP BY',
      'SELECT resourceId, COUNT(*)',
      "'resourceId' must be in GROUP BY",
      7,
    ],
    [
      'SELECT * with GROUP BY',
      'SELECT * GROUP BY awsRegion',
      'SELECT * cannot be combined with GROUP BY',
      18,
    ],
    [
      'ORDER BY a non-grouped property',
      'SELECT COUNT(*) GROUP BY awsRegion ORDER BY arn',
      "ORDER BY 'arn' must name",
      44,
    ],
    [
      'ORDER BY an unselected aggregate',
      'SELECT awsRegion GROUP BY awsRegion ORDER BY COUNT(*)',
      'needs COUNT(*) in the SELECT',
      45,
    ],
    [
      'a CIDR literal on a cidr_block path',
      "SELECT arn WHERE configuration.cidrBlock = '10.0.0.0/16'",
      'exact block',
      43,
    ],
    ['a number on an ip path', 'SELECT arn WHERE configuration.publicIpAddress = 1', 'quoted IP address', 49],
    [
      'LIKE on a cidr_block path',
      "SELECT arn WHERE configuration.cidrBlock LIKE '10.%'",
      'LIKE is not supported on cidr_block',
      41,
    ],
  ])('rejects %s', (_name, expression, fragment, offset) => {
    const error = rejection(expression);
    expect(error.message).toContain(fragment);
    expect(error.offset).toBe(offset);
  });
});
