export { z, ZodError } from 'zod';
export * from './load-config';
export * from './env-types';
export * from './shared-env';
export * from './dot-env';
export * from './local-stack';
export * from './shutdown-on-signal';
export * from './app-launch';
