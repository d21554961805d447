import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The messaging core (PRODUCT.md MSG-4..8, MSG-10): connections, teams, contacts and their
 * messenger identities, conversations, messages, attachments, the inbound event inbox, the
 * suppression list, webhook deliveries of the API channel and the platform's kill switch.
 */
export class Messaging1763830000000 implements MigrationInterface {
  name = 'Messaging1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_suspensions (
        channel_type text PRIMARY KEY,
        reason text NOT NULL,
        suspended_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        type text NOT NULL,
        display_name text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending-login', 'active', 'needs-relogin', 'flood-wait', 'banned', 'disconnected')),
        state_reason text,
        flood_wait_until timestamptz,
        credentials text,
        inbound_token_hash text,
        webhook_url text,
        per_minute_limit integer NOT NULL DEFAULT 60 CHECK (per_minute_limit > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        disconnected_at timestamptz
      )`);
    await q.query(`CREATE INDEX connections_tenant ON connections (tenant_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX connections_inbound_token ON connections (inbound_token_hash) WHERE inbound_token_hash IS NOT NULL`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX teams_name ON teams (tenant_id, lower(name))`);
    await q.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, membership_id)
      )`);
    await q.query(`CREATE INDEX team_members_member ON team_members (membership_id)`);
    await q.query(`
      CREATE TABLE connection_members (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        PRIMARY KEY (connection_id, membership_id)
      )`);
    await q.query(`CREATE INDEX connection_members_member ON connection_members (membership_id)`);

    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        display_name text NOT NULL,
        phone text,
        email text,
        blocked_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contacts_tenant ON contacts (tenant_id, created_at)`);
    await q.query(`
      CREATE TABLE contact_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        channel text NOT NULL,
        external_id text NOT NULL,
        username text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, channel, external_id)
      )`);
    await q.query(`CREATE INDEX contact_identities_contact ON contact_identities (contact_id)`);
    await q.query(`
      CREATE TABLE suppressions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('opt-out-keyword', 'manual', 'subject-request')),
        keyword text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        lifted_by uuid
      )`);
    await q.query(`CREATE UNIQUE INDEX suppressions_active ON suppressions (contact_id) WHERE lifted_at IS NULL`);

    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        external_chat_id text NOT NULL,
        chat_kind text NOT NULL CHECK (chat_kind IN ('private', 'group', 'channel')),
        title text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
        assignee_membership_id uuid REFERENCES memberships(id) ON DELETE SET NULL,
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        unread_count integer NOT NULL DEFAULT 0,
        last_message_at timestamptz NOT NULL DEFAULT now(),
        last_message_preview text,
        last_message_direction text,
        opt_out_notice_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (connection_id, external_chat_id)
      )`);
    await q.query(`CREATE INDEX conversations_recent ON conversations (tenant_id, last_message_at DESC, id DESC)`);
    await q.query(`CREATE INDEX conversations_connection ON conversations (connection_id, last_message_at DESC, id DESC)`);
    await q.query(`CREATE INDEX conversations_team ON conversations (team_id) WHERE team_id IS NOT NULL`);
    await q.query(`CREATE INDEX conversations_assignee ON conversations (assignee_membership_id) WHERE assignee_membership_id IS NOT NULL`);
    await q.query(`CREATE INDEX conversations_contact ON conversations (contact_id)`);

    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        kind text NOT NULL CHECK (kind IN ('text', 'image', 'file', 'voice', 'video')),
        text text,
        external_id text,
        status text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
        failure_reason text,
        sender_membership_id uuid REFERENCES memberships(id) ON DELETE SET NULL,
        sender_token_id uuid,
        client_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        messenger_sent_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        UNIQUE (connection_id, direction, external_id)
      )`);
    await q.query(`CREATE INDEX messages_history ON messages (conversation_id, created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL`);
    await q.query(`CREATE INDEX messages_queued ON messages (created_at) WHERE status = 'queued'`);

    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('image', 'file', 'voice', 'video')),
        file_name text NOT NULL,
        mime_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachments_message ON attachments (message_id)`);
    await q.query(`CREATE INDEX attachments_conversation ON attachments (conversation_id)`);

    await q.query(`
      CREATE TABLE inbound_events (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('message', 'status')),
        external_id text NOT NULL,
        payload jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        UNIQUE (connection_id, kind, external_id)
      )`);
    await q.query(`CREATE INDEX inbound_events_pending ON inbound_events (connection_id, id) WHERE processed_at IS NULL`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
        event text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (connection_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE messaging_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        opt_out_line text NOT NULL,
        opt_out_keywords text[] NOT NULL,
        opt_out_confirmation text NOT NULL,
        per_chat_per_minute integer NOT NULL CHECK (per_chat_per_minute > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'messaging_settings',
      'webhook_deliveries',
      'inbound_events',
      'attachments',
      'messages',
      'conversations',
      'suppressions',
      'contact_identities',
      'contacts',
      'connection_members',
      'team_members',
      'teams',
      'connections',
      'channel_suspensions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
