import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

export const snapshotsPlanPayload = basePayload.extend({ account: z.string().min(1).max(32) });
