export * from './test-env';
export * from './wait-for';
export * from './redis-server';
export * from './free-port';
export * from './postgres-server';
export * from './app-process';
export * from './form-poster';
export * from './integration-fixture';
