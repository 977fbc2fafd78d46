import { operationCommand } from './operation';

export const hibernate = operationCommand('hibernate');
