export * from './delivery-log';
export * from './redact-delivery-body';
