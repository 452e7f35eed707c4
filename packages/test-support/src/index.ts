export * from './test-servers';
export * from './wait-for';
