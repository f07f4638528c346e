// A county system calling the Fire Committee Platform with fetch and the types graphql-codegen generates from
// docs/integration/codegen.ts (Node 20+, an ES module: it reads its operations next to it through import.meta.url).
// test/integration-guide.e2e-spec.ts compiles it with `--strict` against freshly generated types, and
// docs/integration.md shows it as it is.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type {
  ReportHazardInput, ReportHazardMutation, ReportHazardMutationVariables, TownshipsQuery, TownshipsQueryVariables,
} from './generated/graphql.js';

const API_URL = process.env.FCP_API_URL ?? 'http://localhost:3000/graphql';
const TOKEN = process.env.FCP_TOKEN ?? ''; // an API key (fcpk_…) or an access token from login

interface ApiErrorEntry {
  message: string; // zh-CN, for people
  extensions?: { code?: string; reason?: string; retryAfterSeconds?: number; requestId?: string; fields?: { field: string; reason: string }[] };
}

interface Answer<TData> {
  data?: TData | null;
  errors?: ApiErrorEntry[];
}

export class ApiError extends Error {
  constructor(readonly code: string, readonly requestId: string, readonly errors: ApiErrorEntry[]) {
    super(`${code} (X-Request-Id ${requestId}): ${errors.map((e) => e.message).join('；')}`);
  }
}

/** An operation: its name (the file's, sent as `operationName`) and its text, from the file its types were generated from. */
interface Operation {
  name: string;
  text: string;
}
const operation = (name: string): Operation => ({ name, text: readFileSync(new URL(`./operations/${name}.graphql`, import.meta.url), 'utf8') });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One operation, retried when that is safe: a query always, a mutation only under its Idempotency-Key (a lost
 * answer may hide a committed write; the same key replays it instead of writing twice).
 */
async function send<TData, TVariables>(op: Operation, variables: TVariables, idempotencyKey?: string): Promise<TData> {
  const operationId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const requestId = `${operationId}.${attempt}`; // in the server's log lines and masked errors
    let status = 0;
    let body: Answer<TData> | null = null;
    try {
      const response = await fetch(API_URL, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json',
          Authorization: `Bearer ${TOKEN}`,
          'X-Request-Id': requestId,
          ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        },
        // operationName names the one to run: a document holding several is refused without it
        body: JSON.stringify({ query: op.text, operationName: op.name, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      body = (await response.json().catch(() => null)) as Answer<TData> | null; // null: not JSON (a proxy's page)
    } catch {
      // no answer (network, timeout): status stays 0 and the request is retried below
    }
    const first = body?.errors?.[0]?.extensions;
    const code = first?.code ?? (status === 0 || status >= 500 ? 'SERVICE_UNAVAILABLE' : `HTTP_${status}`);
    if (body?.data && !body.errors?.length) return body.data;
    const retryable = code === 'SERVICE_UNAVAILABLE' || (code === 'CONFLICT' && first?.reason === 'IDEMPOTENCY_KEY_IN_USE');
    if (!retryable || attempt === 5) throw new ApiError(code, requestId, body?.errors ?? []);
    await pause(1000 * 2 ** (attempt - 1) + Math.random() * 500); // 1, 2, 4, 8 s and a little jitter
  }
}

const query = <TData, TVariables>(op: Operation, variables: TVariables) => send<TData, TVariables>(op, variables);
const mutate = <TData, TVariables>(op: Operation, variables: TVariables) => send<TData, TVariables>(op, variables, randomUUID());

type Township = TownshipsQuery['townships']['edges'][number]['node'];

/** Every township of a county, following pageInfo until the last page. */
export async function allTownships(countyId: string): Promise<Township[]> {
  const townships: Township[] = [];
  let after: string | null = null;
  do {
    const page: TownshipsQuery = await query<TownshipsQuery, TownshipsQueryVariables>(operation('Townships'), { countyId, first: 100, after });
    townships.push(...page.townships.edges.map((edge) => edge.node));
    after = page.townships.pageInfo.hasNextPage ? page.townships.pageInfo.endCursor : null;
  } while (after !== null);
  return townships;
}

/** Reports a hazard (a key holding INSPECTION_RECORD, or a station account's token; `mutate` sends the Idempotency-Key a key must send). */
export async function reportHazard(input: ReportHazardInput): Promise<ReportHazardMutation['reportHazard']> {
  const data = await mutate<ReportHazardMutation, ReportHazardMutationVariables>(operation('ReportHazard'), { input });
  return data.reportHazard;
}

/** Today's calendar day in Beijing (YYYY-MM-DD): `foundOn` may be neither after it nor more than 366 days before it (T-INS-2). */
export const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

// e.g. const hazard = await reportHazard({ premisesId, description: '后门堆放纸箱', foundOn: beijingToday() });
//      console.log(hazard.id, hazard.status, hazard.orderDueBy);
