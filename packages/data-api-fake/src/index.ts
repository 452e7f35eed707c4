export * from './fake-data-api';
export type { FieldStyle } from './rpc-error';
export type { FakeSession } from './upload-chats-rules';
