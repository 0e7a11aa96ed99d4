import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Debian's vdirsyncer as the peer of the benchmark: the same two Radicale collections synced to a filesystem storage
 * (the recipe of /work/shared/RECIPES.md). `sync()` runs one `vdirsyncer sync`: its wall time and its own CPU time.
 */
export interface VdirsyncerPeer {
  sync(): Promise<{ ms: number; cpuMs: number }>;
}

export async function vdirsyncerPeer(
  root: string,
  serverUrl: string,
  user: string,
  password: string,
): Promise<VdirsyncerPeer> {
  fs.mkdirSync(root, { recursive: true });
  const storage = (name: string, type: 'carddav' | 'caldav', ext: string) => `
[pair ${name}]
a = "${name}_local"
b = "${name}_remote"
collections = ["from b"]
conflict_resolution = "b wins"
[storage ${name}_local]
type = "filesystem"
path = "${path.join(root, name)}/"
fileext = "${ext}"
[storage ${name}_remote]
type = "${type}"
url = "${serverUrl}/${user}/"
username = "${user}"
password = "${password}"
`;
  const config = path.join(root, 'config');
  fs.writeFileSync(
    config,
    `[general]\nstatus_path = "${path.join(root, 'status')}/"\n${storage('contacts', 'carddav', '.vcf')}${storage('calendars', 'caldav', '.ics')}`,
  );
  const env = { ...process.env, VDIRSYNCER_CONFIG: config };
  // /usr/bin/time reports the child's own CPU (user + system seconds) on stderr's last line. Spawned
  // asynchronously: the counting proxy in front of Radicale runs in this process and must keep answering.
  const run = (args: string[]) =>
    new Promise<{ ms: number; cpuMs: number }>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', 'vdirsyncer', ...args], { env });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.stdin.end('y\n'.repeat(20));
      child.on('exit', (code) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (code !== 0) return reject(new Error(`vdirsyncer ${args.join(' ')}: ${output}`));
        const [, user, system] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(output) ?? ['', '0', '0'];
        resolve({ ms, cpuMs: (Number(user) + Number(system)) * 1000 });
      });
    });
  await run(['discover']);
  return { sync: () => run(['sync']) };
}
