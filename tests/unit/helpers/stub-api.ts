import ky, { type KyInstance } from 'ky';

export type Routes = Record<string, unknown | ((url: URL, request: Request) => Response)>;

/**
 * A ky client whose fetch answers from a table: "GET api/v2/users/me" → JSON body (200), or a
 * function returning any Response. Unlisted routes answer 404, so a test sees what was asked.
 */
export function stubApi(routes: Routes): { api: KyInstance; calls: string[] } {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname.slice(1)}`;
    calls.push(`${key}${url.search}`);
    const route = routes[key];
    if (route === undefined)
      return Response.json({ errors: [{ code: 'not_found', message: key }] }, { status: 404 });
    return typeof route === 'function'
      ? (route as (u: URL, r: Request) => Response)(url, request)
      : Response.json(route);
  };
  return { api: ky.create({ baseUrl: 'http://127.0.0.1:9/', fetch, retry: 0 }), calls };
}

export const error = (status: number, body: unknown) => () => Response.json(body, { status });
