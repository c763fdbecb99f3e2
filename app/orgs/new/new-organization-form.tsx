'use client';

import { useRouter } from 'next/navigation';
import { sendJson, useApiMutation } from '@/components/api-client';
import { ScriptButton } from '@/components/ui/script-button';
import { Field, FormError, Input, SelectField } from '@/components/ui/field';

export function NewOrganizationForm() {
  const router = useRouter();
  const create = useApiMutation((input: Record<string, string>) => sendJson<{ organization: { slug: string } }>('/api/orgs', 'POST', input), {
    onSuccess: ({ organization }) => router.push(`/o/${organization.slug}`),
    refresh: false,
    fields: ['name', 'kind', 'slug'],
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>);
      }}
    >
      <FormError message={create.formError} />
      <Field label="Organization name" htmlFor="name" error={create.fieldError('name')}>
        <Input id="name" name="name" required aria-invalid={create.fieldError('name') ? true : undefined} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Kind"
          id="kind"
          name="kind"
          defaultValue="brand"
          error={create.fieldError('kind')}
          choices={[
            { value: 'brand', label: 'Brand' },
            { value: 'agency', label: 'Agency' },
          ]}
        />
        <Field label="URL slug (optional)" htmlFor="slug" error={create.fieldError('slug')}>
          <Input id="slug" name="slug" placeholder="from the name" aria-invalid={create.fieldError('slug') ? true : undefined} />
        </Field>
      </div>
      <ScriptButton type="submit" className="w-full" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create organization'}
      </ScriptButton>
    </form>
  );
}
