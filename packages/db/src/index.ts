export * from './create-prisma-client';
export * from './integration-queries';
export * from './visitor-session-queries';
export * from './upsert-chat';
export * from './visit-fields';
export { Prisma } from './generated/prisma/client';
export type * from './generated/prisma/client';
export * from './generated/prisma/enums';
export * from './chat-export-queries';
