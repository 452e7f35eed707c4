export * from './data-api-client';
export * from './data-api-error';
