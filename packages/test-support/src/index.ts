export * from './test-env';
export * from './wait-for';
export * from './redis-server';
export * from './free-port';
