import { operationCommand } from './operation';

export const start = operationCommand('start');
