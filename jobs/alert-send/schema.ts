import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

export const alertSendPayload = basePayload.extend({ channel: z.string().regex(/^[CGD][A-Z0-9]{2,}$/) });
