export * from './fake-carrotquest';
export * from './chat-scenario';
export type { NewQuestion } from './conversation-changes';
export type { Fault, FakeApp, RecordedRequest } from './fake-state';
export * from './resolved-webhook';
