/**
 * What a route of the REST contract is: its method, how its path is built from its
 * parameters, and (as types only) its request body and answer. No fetch here, so the
 * server's project compiles the contract too (tsconfig.server.json) and checks its
 * routes' answers against it: `c.json(x satisfies ResponseOf<typeof routes.foo>)`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A route: `path` builds the URL from the route's parameters; Req/Res type its body and answer. */
export interface Route<Params, Req, Res> {
  readonly method: HttpMethod;
  readonly path: (params: Params) => string;
  /** Never set; carries the body and answer types. */
  readonly types?: { readonly request: Req; readonly response: Res };
}

export function route<Params, Req, Res>(method: HttpMethod, path: (params: Params) => string): Route<Params, Req, Res> {
  return { method, path };
}

/** A route without parameters. */
export type None = Record<string, never>;

/** A route's request body type. */
export type RequestOf<R> = R extends Route<infer _P, infer Req, infer _Res> ? Req : never;
/** A route's answer type. */
export type ResponseOf<R> = R extends Route<infer _P, infer _Req, infer Res> ? Res : never;

/** `?k=v&...` of the set values (undefined and '' left out), or '' when none is set. */
export function queryOf(values: Readonly<Record<string, unknown>>): string {
  const text = new URLSearchParams(Object.entries(values).flatMap(([k, v]): [string, string][] => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return text ? `?${text}` : '';
}
