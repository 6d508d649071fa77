export { TraceStoreError } from './trace-store-error';
export type { TraceStoreErrorCode } from './trace-store-error';
export { MissingDependencyError } from './missing-dependency-error';
