import { addWorkingDays } from '@perepiska/platform';

export const deadline = addWorkingDays('2026-11-20', 10);
