import type { HttpResponse } from './http-client.ts';
import { upstreamFailure, type UpstreamFailureOptions } from './upstream-failure.ts';

/** Returns a 2xx response as is; any other answer is read and thrown as a catalogued error ({@link upstreamFailure}). */
export async function ensureSuccess(response: HttpResponse, options: UpstreamFailureOptions): Promise<HttpResponse> {
  if (response.status >= 200 && response.status < 300) return response;
  throw await upstreamFailure(response, options);
}
