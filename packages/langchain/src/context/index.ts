export { enrichContext, resolveBaseContext } from './resolve-context';
export type { ContextSource } from './resolve-context';
