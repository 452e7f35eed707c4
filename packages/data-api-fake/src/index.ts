export * from './fake-data-api';
