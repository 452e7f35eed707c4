export * from './secret-box';
export * from './webhook-key';
export * from './mask';
export * from './integration-secret-context';
export * from './api-key-binding';
export * from './integration-secret-columns';
export * from './cabinet-token-columns';
