export { ViewerError } from './viewer-error';
export type { ViewerErrorCode } from './viewer-error';
