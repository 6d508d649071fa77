export { getPolicyPause, getPolicyViolation, isPolicyPause, isPolicyViolation } from './find-policy-error';
