export { default as client } from 'prom-client';
export * from './metrics-server';
export * from './queue-depth-gauge';
