// Typed errors with stable codes; the CLI maps them to one-line messages and exit codes.

/** Process exit codes, documented in the README and stable across releases. */
export const EXIT = {
  /** The run completed (whatever the findings). */
  OK: 0,
  /** The run completed with controls at or past the `--fail-on` level (fail, error, unproven); or `verify` found a problem. */
  FAILING: 1,
  /** Bad input: a framework, profile, config or argument is malformed. Nothing was collected or written. */
  BAD_INPUT: 2,
  /** The run could not complete, or it completed without reading a single account (every verdict unproven). */
  INCOMPLETE: 3,
  /** `verify`: every file is exactly as signed, but no trust anchor was given, so the signer is not verified. */
  UNVERIFIED_SIGNER: 4,
  /** `collect --to-security-hub`: the run completed and is sealed, but findings could not all be imported into Security Hub. */
  EXPORT_FAILED: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where in a source file a problem sits. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ErrorContext {
  accountId?: string;
  region?: string;
  query?: string;
  [key: string]: unknown;
}

/** Base class: every error Evidentia raises on purpose has a stable `code`. */
export class EvidentiaError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly context: ErrorContext;

  constructor(
    code: string,
    message: string,
    opts: { cause?: unknown; exitCode?: ExitCode; context?: ErrorContext } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = opts.exitCode ?? EXIT.INCOMPLETE;
    this.context = opts.context ?? {};
  }
}

/** One problem found in an input file. */
export interface InputIssue {
  location: SourceLocation;
  /** Dotted path of the offending field, e.g. `controls[3].evidence[0].rule`. */
  field: string;
  /** What was wrong and what was expected. */
  message: string;
}

/** Format one issue as `file:line:column: field: message`. */
export function formatIssue(issue: InputIssue): string {
  const { file, line, column } = issue.location;
  return `${file}:${line}:${column}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

/** Bad input (framework, profile, config, attestation, arguments): exit code 2, nothing collected. */
export class InputError extends EvidentiaError {
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[], summary?: string) {
    const first = issues[0];
    super('INPUT_INVALID', summary ?? (first ? formatIssue(first) : 'invalid input'), {
      exitCode: EXIT.BAD_INPUT,
    });
    this.issues = issues;
  }

  /** A single-issue error for a whole file (unreadable, too large, unknown name). */
  static forFile(file: string, message: string, field = ''): InputError {
    return new InputError([{ location: { file, line: 1, column: 1 }, field, message }]);
  }
}

/** A name on the command line or in a request that matches nothing known (profile, framework, run). */
export class NotFoundError extends EvidentiaError {
  constructor(what: string, name: string, known: readonly string[] = []) {
    const hint = known.length ? ` (known: ${known.join(', ')})` : '';
    super('NOT_FOUND', `unknown ${what} '${name}'${hint}`, {
      exitCode: EXIT.BAD_INPUT,
      context: { what, name },
    });
  }
}

/** A call to AWS failed after its retries; becomes an ERROR finding, never a crash of the run. */
export class AwsCallError extends EvidentiaError {
  readonly awsCode: string;
  readonly httpStatus: number | undefined;

  constructor(
    awsCode: string,
    message: string,
    opts: { httpStatus?: number; cause?: unknown; context?: ErrorContext },
  ) {
    super('AWS_CALL_FAILED', message, { cause: opts.cause, context: opts.context ?? {} });
    this.awsCode = awsCode;
    this.httpStatus = opts.httpStatus;
  }
}

/** The run as a whole could not complete (output not writable, signer unavailable, aborted). */
export class RunError extends EvidentiaError {
  constructor(code: string, message: string, opts: { cause?: unknown; context?: ErrorContext } = {}) {
    super(code, message, { ...opts, exitCode: EXIT.INCOMPLETE });
  }
}
