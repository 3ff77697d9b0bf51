// The error raised for an expression AWS Config would answer with InvalidExpressionException.

import { EvidentiaError } from '../../core/errors.js';

/** A query the engine refuses; the message says what is wrong and at which character offset (0-based). */
export class InvalidExpressionError extends EvidentiaError {
  /** 0-based character offset into the expression where the problem starts. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super('CONFIG_QUERY_INVALID', `Invalid expression at offset ${offset}: ${message}`, {
      context: { offset },
    });
    this.offset = offset;
  }
}
