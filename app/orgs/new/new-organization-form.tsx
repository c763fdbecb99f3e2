'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { sendJson } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select } from '@/components/ui/field';

export function NewOrganizationForm() {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (input: Record<string, string>) => sendJson<{ organization: { slug: string } }>('/api/orgs', 'POST', input),
    onSuccess: ({ organization }) => router.push(`/o/${organization.slug}`),
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
      <FormError message={create.error?.message} />
      <Field label="Organization name" htmlFor="name">
        <Input id="name" name="name" required />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Kind" htmlFor="kind">
          <Select id="kind" name="kind" defaultValue="brand">
            <option value="brand">Brand</option>
            <option value="agency">Agency</option>
          </Select>
        </Field>
        <Field label="URL slug (optional)" htmlFor="slug">
          <Input id="slug" name="slug" placeholder="from the name" />
        </Field>
      </div>
      <Button type="submit" className="w-full" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create organization'}
      </Button>
    </form>
  );
}
