export * from './api-types';
export * from './carrotquest-error';
export * from './carrotquest-client';
export * from './outbound-address-guard';
export * from './integration-carrotquest-access';
export * from './conversation-scan';
