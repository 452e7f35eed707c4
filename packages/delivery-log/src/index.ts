export * from './delivery-log';
export * from './redact-delivery-body';
export * from './buffered-delivery-log';
