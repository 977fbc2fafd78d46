import { operationCommand } from './operation';

export const backup = operationCommand('backup');
