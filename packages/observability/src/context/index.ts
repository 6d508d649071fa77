export { activeSpanStorage, getActiveSpan, withActiveSpan } from './active-span';
