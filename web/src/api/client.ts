// The app's one API instance; the session store tells it where the bearer token is.
import { createBookTalkApi } from './booktalk.ts';
import { createHttpClient } from './http.ts';

let tokenSource: () => string | null = () => null;
export const setTokenSource = (source: () => string | null): void => {
  tokenSource = source;
};
export const api = createBookTalkApi(createHttpClient({ token: () => tokenSource() }));
