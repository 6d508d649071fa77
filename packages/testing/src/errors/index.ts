export { CassetteError } from './cassette-error';
export type { CassetteErrorCode } from './cassette-error';
export { HarnessError } from './harness-error';
export type { HarnessErrorCode } from './harness-error';
