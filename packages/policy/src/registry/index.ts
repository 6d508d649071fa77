export { PolicyRegistry, defaultRegistry } from './policy-registry';
