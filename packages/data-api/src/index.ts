export * from './data-api-client';
export * from './data-api-error';
export * from './cabinet-catalog';
export * from './visitor-sessions-report';
