export { PolicyValidator } from './policy-validator';
export { PolicyValidationError } from './policy-validation-error';
export { sameDecision } from './same-decision';
