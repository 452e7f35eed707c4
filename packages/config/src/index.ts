export { z, ZodError } from 'zod';
export * from './load-config';
export * from './env-types';
