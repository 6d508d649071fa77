export { ActionType } from './action-type';
export {
  ALERT,
  ALLOW,
  BLOCK,
  PAUSE,
  REDACT,
  SKIP,
  getRedactionSpec,
  isDecision,
  type Decision,
  type RedactionSpec,
} from './decision';
