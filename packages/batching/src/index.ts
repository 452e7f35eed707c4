export * from './round-trip-batcher';
