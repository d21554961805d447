import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role.entity';
import { User } from './user.entity';

export type MembershipStatus = 'active' | 'deactivated';

/** A user's employment in a tenant, with exactly one role: built-in or custom. */
@Entity('memberships')
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text', { name: 'builtin_role', nullable: true })
  builtinRole!: string | null;

  @Column('uuid', { name: 'custom_role_id', nullable: true })
  customRoleId!: string | null;

  @ManyToOne(() => Role, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'custom_role_id' })
  customRole?: Role | null;

  @Column('text')
  status!: MembershipStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'deactivated_at', nullable: true })
  deactivatedAt!: Date | null;

  /** Set when a data subject's request blocked processing (152-FZ art. 21), not an admin. */
  @Column('text', { name: 'blocked_reason', nullable: true })
  blockedReason!: string | null;
}
