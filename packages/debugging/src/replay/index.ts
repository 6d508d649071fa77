export { ReplayEngine, type DebuggingSessionOptions, type ForkResult } from './replay-engine';
export {
  registerAgentClass,
  registeredAgentClassNames,
  unregisterAgentClass,
  type AgentClass,
} from './agent-class-registry';
export { rehydrateAgent } from './rehydrate-agent';
export type {
  ForkOptions,
  ReplayEngineOptions,
  ReplayMock,
  ReplayOptions,
  ReplayWindow,
  TraceSource,
} from './replay-types';
