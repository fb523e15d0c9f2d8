/**
 * The REST contract between the apps and the server, in one place: each route's method,
 * path, request and response types (contract/devices.ts, contract/admin.ts). The types are
 * the ones the server's routes answer with, checked there with `satisfies ResponseOf<…>`,
 * so a change on one side fails to compile on the other. The answers' types live in
 * shared/api/*Types.ts and shared/sync/protocol.ts.
 * The sync loop's routes (/api/sync/*) are the sync protocol's and stay there.
 * Call a route with `send` (below), which goes through the one request helper.
 */
import type { Route } from './contract/route.ts';
import { request, type RequestOptions } from './request.ts';

export * from './contract/index.ts';
export type { TicketIdentity } from './counterTypes.ts';

/** Calls one route of the contract; fails as ApiRequestError (shared/api/request.ts). */
export function send<Params, Req, Res>(
  r: Route<Params, Req, Res>,
  params: Params,
  options: Omit<RequestOptions, 'method' | 'body'> & { readonly body?: Req } = {},
): Promise<Res> {
  return request<Res>(r.path(params), { ...options, method: r.method });
}
