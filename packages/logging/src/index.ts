export * from './create-logger';
export { redact, maskText, maskEmail, maskPhone, REDACTED, isSecretKeyName } from './redact';
export { createMemoryLogger } from './memory-logger';
