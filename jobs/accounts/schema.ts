import { basePayload } from '../../src/jobDefinition';

export const accountsPayload = basePayload.extend({});
