export { activeSpanStorage, getActiveSpan, isOtelContext, withActiveSpan } from './active-span';
export type { ActiveValue } from './active-span';
export { activationValue, currentParent, toParentContext } from './active-parent';
export { ClearstoneContextManager } from './context-manager';
export { installActiveSpanLocator, locateActiveSpan } from './active-span-locator';
