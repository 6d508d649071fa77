export { ClearstoneError, type ClearstoneErrorOptions } from './clearstone-error';
export { InvalidArgumentError } from './invalid-argument-error';
export { PolicyViolationError } from './policy-violation-error';
export { PolicyPauseError } from './policy-pause-error';
export { SerializationError, type SerializationErrorCode } from './serialization-error';
