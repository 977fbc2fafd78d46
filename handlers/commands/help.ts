import { helpView } from '../../src/views/help';
import type { CommandHandler } from './types';

export const help: CommandHandler = async () => ({ ...helpView(), response_type: 'ephemeral' });
