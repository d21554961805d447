import type { Schemas, operations } from '@perepiska/api-client';

/** A client of the base as the API lists them (ClientDto). */
export type Client = Schemas['ClientDto'];
export type ClientChannel = Schemas['ClientChannelDto'];
export type ClientPage = Schemas['ClientPageDto'];
export type ClientQuery = NonNullable<operations['ContactsController_list']['parameters']['query']>;
