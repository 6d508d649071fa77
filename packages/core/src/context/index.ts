export { createContext, withMetadata, type CreateContextInit, type PolicyContext } from './policy-context';
export { contextScope, getCurrentContext } from './context-scope';
