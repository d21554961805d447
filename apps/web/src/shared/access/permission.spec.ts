import { describe, expect, it } from 'vitest';
import { groupByArea } from './permission';

describe('permission groups', () => {
  it('groups by the part before the dot, in catalogue order', () => {
    const groups = groupByArea(['audit.read', 'tenant.manage', 'conversations.reply', 'tenant.read', 'conversations.read-all', 'conversations.read', 'zzz.new']);
    expect(groups).toEqual([
      { area: 'tenant', permissions: ['tenant.read', 'tenant.manage'] },
      { area: 'audit', permissions: ['audit.read'] },
      { area: 'conversations', permissions: ['conversations.read', 'conversations.read-all', 'conversations.reply'] },
      { area: 'zzz', permissions: ['zzz.new'] },
    ]);
  });
});
