import { describe, expect, it } from 'vitest';
import { webhookHint, webhookUrlProblem } from './channels';

const production = { allowLoopbackWebhooks: false };
const tests = { allowLoopbackWebhooks: true };

describe('Slack webhook URLs', () => {
  it('accepts Slack incoming webhooks over https', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T0001/B0001/abcdEFGH1234', production)).toBeNull();
    expect(webhookUrlProblem('https://hooks.slack-gov.com/services/T0001/B0001/abcd', production)).toBeNull();
  });

  it('refuses http, other hosts, ports, credentials and other paths, naming the problem', () => {
    expect(webhookUrlProblem('http://hooks.slack.com/services/T/B/X', production)).toMatch(/must start with https/);
    expect(webhookUrlProblem('https://internal.example/services/T/B/X', production)).toMatch(/Slack incoming-webhook URL/);
    expect(webhookUrlProblem('https://hooks.slack.com.evil.example/services/T/B/X', production)).toMatch(/other hosts are not accepted/);
    expect(webhookUrlProblem('https://hooks.slack.com:8443/services/T/B/X', production)).toMatch(/other hosts/);
    expect(webhookUrlProblem('https://user:pw@hooks.slack.com/services/T/B/X', production)).toMatch(/other hosts/);
    expect(webhookUrlProblem('https://hooks.slack.com/workflows/T/A/1/x', production)).toMatch(/not an incoming-webhook URL/);
    expect(webhookUrlProblem('hooks.slack.com/services/T/B/X', production)).toMatch(/full webhook URL/);
  });

  it('allows loopback http only when the policy says so (tests), never another http host', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/services/T/B/X', production)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.1:4000/services/T/B/X', tests)).toBeNull();
    expect(webhookUrlProblem('http://localhost:4000/hook', tests)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5/services/T/B/X', tests)).toMatch(/https/);
  });

  it('shows a hint, never the secret part', () => {
    const hint = webhookHint('https://hooks.slack.com/services/T0001/B0001/abcdEFGH1234');
    expect(hint).toBe('hooks.slack.com/…/1234');
    expect(hint).not.toContain('T0001');
  });
});
