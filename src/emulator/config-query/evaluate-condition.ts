// Evaluates a WHERE condition against one CI: each predicate holds when any collected value satisfies it.

import type { Condition, Literal, PropertyRef } from './ast.js';
import { compareWithLiteral } from './compare-values.js';
import { type AddressRange, parseAddress, parseCidr } from './ip-address.js';
import { matchesLike } from './like-pattern.js';
import { type QueryDocument, resolvePath } from './resolve-path.js';

/** Whether `doc` satisfies `condition`. Missing paths yield no values, so their predicates are false. */
export function evaluateCondition(condition: Condition, doc: QueryDocument): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, doc) && evaluateCondition(condition.right, doc);
    case 'or':
      return evaluateCondition(condition.left, doc) || evaluateCondition(condition.right, doc);
    case 'not':
      return !evaluateCondition(condition.operand, doc);
    case 'like':
      return values(doc, condition.property).some(
        (v) => typeof v === 'string' && matchesLike(v, condition.pattern),
      );
    case 'compare': {
      const { op, value } = condition;
      return anyValue(doc, condition.property, (v) => {
        const c = compare(condition.property, v, value);
        return c !== undefined && (op === '=' ? c.equal : op === '<' ? c.below : c.above);
      });
    }
    case 'in':
      return anyValue(doc, condition.property, (v) =>
        condition.values.some((literal) => compare(condition.property, v, literal)?.equal === true),
      );
    case 'between':
      return anyValue(doc, condition.property, (v) => {
        const low = compare(condition.property, v, condition.low);
        const high = compare(condition.property, v, condition.high);
        // Overlap with [low, high]: some part of the value reaches up to low and down to high.
        return (
          low !== undefined && high !== undefined && (low.equal || low.above) && (high.equal || high.below)
        );
      });
  }
}

/** How a value stands against a literal: contains/equals it, has some part below it, has some part above it. */
interface Standing {
  equal: boolean;
  below: boolean;
  above: boolean;
}

/** Compare one value with one literal using the property's type; undefined when they are not comparable. */
function compare(property: PropertyRef, value: unknown, literal: Literal): Standing | undefined {
  if (property.type === 'plain') {
    const c = compareWithLiteral(value, literal);
    return c === undefined ? undefined : { equal: c === 0, below: c < 0, above: c > 0 };
  }
  // Typed paths: the parser guarantees a string literal holding one address.
  const target = literal.type === 'string' ? parseAddress(literal.value) : undefined;
  if (typeof value !== 'string' || !target) return undefined;
  const range: AddressRange | undefined =
    property.type === 'cidr_block' ? parseCidr(value) : addressAsRange(value);
  if (!range || range.family !== target.family) return undefined;
  return {
    equal: range.low <= target.value && target.value <= range.high,
    below: range.low < target.value,
    above: range.high > target.value,
  };
}

function addressAsRange(text: string): AddressRange | undefined {
  const address = parseAddress(text);
  return address && { family: address.family, low: address.value, high: address.value };
}

function values(doc: QueryDocument, property: PropertyRef): unknown[] {
  return resolvePath(doc, property.segments);
}

function anyValue(doc: QueryDocument, property: PropertyRef, test: (value: unknown) => boolean): boolean {
  return values(doc, property).some(test);
}
