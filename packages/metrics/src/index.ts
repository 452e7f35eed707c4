export { default as client } from 'prom-client';
export * from './queue-depth-gauge';
