/** What `switchboard start` prints once the server is up. */
import type { RunningServer } from '@switchboard/server';

export function demoBanner(server: RunningServer, rootKeyFromEnv: boolean): string[] {
  const { config, instance } = server;
  const url = server.publicUrl;
  const lines = [
    '',
    `Switchboard is up at ${url}  (instance "${instance.alias}", id ${instance.id})`,
    '',
    `  Agent desktop (CCP) ${url}/ccp/   (${server.isDemo ? 'sign in as a demo agent below' : 'sign in as a user of the instance'})`,
    ...(server.isDemo
      ? [`  Demo store + chat   ${url}/       (a shop page with the customer chat widget: chat as a customer)`]
      : []),
    `  Connect admin API   ${url}        (point @aws-sdk/client-connect's endpoint here, region ${instance.region})`,
    `  Agent API           ${url}/agent/v1/login  (sign-in, commands, websocket: docs/agent-api.md)`,
    `  Health              ${url}/healthz`,
    `  Metrics             ${url}/metrics`,
    '',
  ];
  if (rootKeyFromEnv) {
    lines.push('  Admin access key: from SWITCHBOARD_ACCESS_KEY_ID / SWITCHBOARD_SECRET_ACCESS_KEY (the demo key is off)');
  } else if (server.isDemo) {
    const key = config.accessKeys[0];
    if (key) lines.push(`  Demo access key     ${key.accessKeyId} / ${key.secretAccessKey}`);
  }
  if (server.isDemo) {
    lines.push(
      '  Demo agents         ' +
        config.users
          .filter((u) => u.password)
          .map((u) => `${u.username} / ${u.password}`)
          .join(', '),
    );
    lines.push('', '  These demo credentials are public: use --config with your own instance file for anything real.');
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines;
}
