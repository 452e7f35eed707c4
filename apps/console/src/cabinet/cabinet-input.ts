import { z } from 'zod';
import { lineText } from '../api/storable-input';

/** PUT /api/accounts/:a/cabinet: types only; whether the token answers, and for whom, is the service's to say. */
export const cabinetConnectInput = z
  .object({
    brand: z.enum(['comagic', 'uis']),
    token: lineText().trim().min(1).max(500),
  })
  .strict();
export type CabinetConnectInput = z.infer<typeof cabinetConnectInput>;
