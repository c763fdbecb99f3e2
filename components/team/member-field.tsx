import { Input, Select } from '@/components/ui/field';
import type { TeamMemberOption } from '@/lib/permissions/queries';

/** Above this many people a drop-down is no help; the field takes a member ID or e-mail instead. */
export const MEMBER_SELECT_LIMIT = 300;

/** A member picker: a drop-down of everyone for a normal team, a text field for a very large BC. */
export function MemberField({ id, name, value, members, total, optional = false }: { id: string; name: string; value?: string; members: TeamMemberOption[]; total: number; optional?: boolean }) {
  if (total > MEMBER_SELECT_LIMIT) return <Input id={id} name={name} defaultValue={value ?? ''} placeholder="TikTok member ID or e-mail" maxLength={200} />;
  return (
    <Select id={id} name={name} defaultValue={value ?? ''}>
      <option value="">{optional ? '—' : 'Choose a member'}</option>
      {members.map((m) => (
        <option key={m.memberKey} value={m.memberKey}>
          {m.name}
          {m.email && m.email !== m.name ? ` · ${m.email}` : ''}
          {m.pending ? ' (invited)' : ''}
        </option>
      ))}
    </Select>
  );
}
