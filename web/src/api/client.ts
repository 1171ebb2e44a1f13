// The app's one API instance; the session store tells it where the bearer token is and how a
// 401 is recovered from (a token refresh shared by every request that hit it).
import { createBookTalkApi } from './booktalk.ts';
import { createHttpClient } from './http.ts';

let tokenSource: () => string | null = () => null;
let unauthorizedHandler: ((usedToken: string) => Promise<boolean>) | null = null;
export const setTokenSource = (source: () => string | null): void => {
  tokenSource = source;
};
export const setUnauthorizedHandler = (handler: ((usedToken: string) => Promise<boolean>) | null): void => {
  unauthorizedHandler = handler;
};
/** What a 401 does: the session's recovery when there is one, else the 401 stands. */
export const onUnauthorized = (usedToken: string): Promise<boolean> => (unauthorizedHandler ? unauthorizedHandler(usedToken) : Promise.resolve(false));
export const api = createBookTalkApi(createHttpClient({ token: () => tokenSource(), onUnauthorized }));
