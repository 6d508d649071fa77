export { addApiRoutes } from './api-routes';
export type { ApiSources } from './api-routes';
export type { TraceListItem } from './trace-summaries';
