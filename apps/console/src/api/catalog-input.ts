import { z } from 'zod';
import { lineText } from './storable-input';

const text = (max: number) => lineText().trim().min(1, 'Обязательное поле').max(max);
/** The entity's id in the customer's CoMagic / UIS account (what the Data API export sends). */
const comagicId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1)
  .nullable()
  .default(null);

/** What `POST .../sites|campaigns|sources|employees|tags` accept. */
export const catalogInputSchemas = {
  sites: z.object({ domain: text(253), siteKey: text(64), comagicId }),
  campaigns: z.object({ siteId: z.uuid(), name: text(200), isSystem: z.boolean().default(false), comagicId }),
  sources: z.object({ name: text(200), group: text(200), channel: text(200), comagicId }),
  employees: z.object({ name: text(200), email: z.email().max(254).nullable().exactOptional(), comagicId }),
  tags: z.object({ name: text(100), comagicId }),
};

/** What `PUT .../:kind/:id/comagic-id` accepts. */
export const comagicIdInputSchema = z.object({ comagicId });
