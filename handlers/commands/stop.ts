import { operationCommand } from './operation';

export const stop = operationCommand('stop');
