import { operationCommand } from './operation';

export const reboot = operationCommand('reboot');
