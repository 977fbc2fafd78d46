import { operationCommand } from './operation';

export const recover = operationCommand('recover');
