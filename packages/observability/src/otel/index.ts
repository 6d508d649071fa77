export { registerGlobal } from './register-global';
export type { GlobalRegistration, RegisterGlobalOptions } from './register-global';
