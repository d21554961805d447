import { IdentityModule } from '@perepiska/identity';

export const forbidden = IdentityModule;
