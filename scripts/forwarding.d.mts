export function trustedProxies(value?: string): number;
export function clientAddress(input: { socketAddress: string | undefined; forwardedFor: string | undefined; trusted: number }): string;
export function rewriteForwarding(headers: Record<string, string | string[] | undefined>, options: { socketAddress: string | undefined; trusted: number; encrypted: boolean }): string;
