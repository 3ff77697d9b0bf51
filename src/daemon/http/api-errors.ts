// The HTTP API's error answers: one small JSON shape, `{ error, message?, field? }`, and nothing more.
// Authentication failures carry no message at all.

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

export interface ApiError {
  error: string;
  message?: string;
  /** The request field at fault (`profile`, `id`, `limit`). */
  field?: string;
  runId?: string;
}

/** 400 naming the field and what was expected. */
export function badRequest(reply: FastifyReply, field: string, message: string): FastifyReply {
  return reply
    .code(400)
    .send({ error: 'bad_request', field, message: `${field}: ${message}` } satisfies ApiError);
}

/** 400 for the first problem zod found, named by its path; `where` prefixes the path (e.g. `query`). */
export function badRequestFromZod(reply: FastifyReply, error: z.ZodError, where?: string): FastifyReply {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  if (issue?.code === 'unrecognized_keys') {
    const field = [where, path, issue.keys[0]].filter(Boolean).join('.');
    return badRequest(reply, field, 'unknown field');
  }
  const field = [where, path].filter(Boolean).join('.') || (where ?? 'body');
  return badRequest(reply, field, issue?.message.replace(/^Invalid input: /, '') ?? 'invalid');
}

/** 400 (414 for an over-long segment) for a URL the router could not take apart, naming `url`. */
export function urlError(
  reply: FastifyReply,
  problem: 'malformed' | 'too-long',
  maxParam: number,
): FastifyReply {
  // The path is not echoed: it is attacker-chosen text that cannot even be decoded.
  return problem === 'too-long'
    ? reply.code(414).send({
        error: 'uri_too_long',
        field: 'url',
        message: `url: a path segment is longer than ${maxParam} characters`,
      } satisfies ApiError)
    : badRequest(reply, 'url', 'not a valid percent-encoded path');
}

export function notFound(reply: FastifyReply, message = 'not found'): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message } satisfies ApiError);
}

export function unauthorized(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="evidentia"')
    .send({ error: 'unauthorized' });
}

export function forbidden(reply: FastifyReply): FastifyReply {
  return reply.code(403).send({ error: 'forbidden' });
}
