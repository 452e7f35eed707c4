export * from './create-prisma-client';
export { Prisma } from './generated/prisma/client';
export type * from './generated/prisma/client';
export * from './generated/prisma/enums';
