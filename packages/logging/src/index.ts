export * from './create-logger';
export { redact, maskText, maskEmail, maskPhone, REDACTED } from './redact';
export { createMemoryLogger } from './memory-logger';
