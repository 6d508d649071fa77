export { HarnessError } from './harness-error';
export type { HarnessErrorCode } from './harness-error';
