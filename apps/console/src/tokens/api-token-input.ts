import { z } from 'zod';
import { API_SCOPES } from '@carrot-bridge/domain';
import { lineText } from '../api/storable-input';

/** `POST .../api-tokens`: what the token is for (a name people recognise) and what it may do. */
export const apiTokenInputSchema = z.object({
  name: lineText().trim().min(1, 'Назовите токен: для чего он').max(100),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1, 'Выберите хотя бы одно право')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Право указано дважды'),
});
export type ApiTokenInput = z.infer<typeof apiTokenInputSchema>;
