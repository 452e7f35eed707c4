export * from './chat-import-job';
export * from './chat-import-producer';
export * from './redis-connection';
export * from './retention';
export * from './retry-policy';
export * from './webhook-directory';
export * from './chat-export-job';
export * from './catch-up-job';
