// Paginators for Artifact's list operations, in the SDK's style: an async iterator of pages that follows
// `nextToken` until the service stops returning one (and refuses a token it has already seen).

import type { ArtifactClient, CallOptions } from './artifact-client.js';
import type {
  ListCustomerAgreementsInput,
  ListCustomerAgreementsOutput,
  ListReportsInput,
  ListReportsOutput,
  WithMetadata,
} from './artifact-types.js';

/** Every page of ListReports. */
export function paginateListReports(
  client: ArtifactClient,
  input: ListReportsInput = {},
  opts: CallOptions = {},
): AsyncGenerator<WithMetadata<ListReportsOutput>> {
  return paginate((nextToken) => client.listReports({ ...input, ...(nextToken ? { nextToken } : {}) }, opts));
}

/** Every page of ListCustomerAgreements. */
export function paginateListCustomerAgreements(
  client: ArtifactClient,
  input: ListCustomerAgreementsInput = {},
  opts: CallOptions = {},
): AsyncGenerator<WithMetadata<ListCustomerAgreementsOutput>> {
  return paginate((nextToken) =>
    client.listCustomerAgreements({ ...input, ...(nextToken ? { nextToken } : {}) }, opts),
  );
}

async function* paginate<T extends { nextToken?: string }>(
  page: (nextToken: string | undefined) => Promise<T>,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const out = await page(token);
    yield out;
    token = out.nextToken || undefined;
    if (token && seen.has(token)) throw new Error('Artifact returned the same nextToken twice');
    if (token) seen.add(token);
  } while (token);
}
