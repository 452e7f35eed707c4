export * from './webhook-directory';
