export * from './delivery-log';
export * from './redact-delivery-body';
export * from './buffered-delivery-log';
export * from './token-traces';
export * from './redact-delivery-record';
