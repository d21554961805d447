import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person who signs in; may belong to several tenants through memberships. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('citext')
  email!: string;

  @Column('text', { name: 'full_name' })
  fullName!: string;

  /** argon2id (IAM-4). */
  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('timestamptz', { name: 'password_changed_at' })
  passwordChangedAt!: Date;

  /** Sealed with the platform's envelope encryption. */
  @Column('text', { name: 'totp_secret', nullable: true })
  totpSecret!: string | null;

  @Column('boolean', { name: 'totp_enabled' })
  totpEnabled!: boolean;

  /** The last accepted TOTP time step: a code is never accepted twice. */
  @Column('bigint', { name: 'totp_last_step', nullable: true })
  totpLastStep!: string | null;

  @Column('text')
  locale!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
