export { bearerToken, createAuth, type Auth, type AuthOptions } from './auth.ts';
export { createCommandRouter, type CommandRouterOptions } from './commandRouter.ts';
export { createErrorHandler, errorHandler, toHttpError } from './errorHandler.ts';
export { HttpError } from './httpError.ts';
export * from './schemas.ts';
