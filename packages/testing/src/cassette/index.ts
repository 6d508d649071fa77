export { CASSETTE_MODE_ENV, Cassette, defaultCassetteMode } from './cassette';
export type { CassetteFromTraceOptions } from './cassette';
export { CASSETTE_FORMAT, CASSETTE_VERSION } from './cassette-file';
export type { CassetteFile } from './cassette-file';
export type {
  CassetteCallKind,
  CassetteEntry,
  CassetteMatcher,
  CassetteMessage,
  CassetteMode,
  CassetteModelResponse,
  CassetteOptions,
  CassetteRequest,
  CassetteSource,
  CassetteToolResponse,
} from './types';
