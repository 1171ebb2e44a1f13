export { bearerToken, createAuth, type Auth, type AuthOptions } from './auth.ts';
export { createCommandRouter, type CommandRouterOptions } from './commandRouter.ts';
export { createErrorHandler, errorHandler, toErrorBody, toHttpError } from './errorHandler.ts';
export { domainStatus, errorStatuses, routeErrorStatuses, type ErrorStatus, type RouteTraits } from './errorCatalog.ts';
export { notFound, parseOr400 } from './validate.ts';
export { HttpError } from './httpError.ts';
export { forbiddenKeyPath, jsonBody } from './forbiddenKeys.ts';
export * from './schemas.ts';
