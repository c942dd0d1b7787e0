/**
 * A real one-machine Slurm cluster for the tests (Debian's slurm-wlm and munge; root, no systemd): munged (unless
 * one answers already), then slurmctld and slurmd in the foreground as our children, with their configuration,
 * state, spool, logs and ports in a temporary folder (SLURM_CONF points the clients at it). stop() ends what
 * start started, by PID. Where Slurm cannot be started, startSlurm says why instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Slurm {
  /** The environment for sbatch, squeue, sinfo: SLURM_CONF set. */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** Stops the daemons this start started (slurmd, slurmctld, munged), by PID; waits for them to exit. */
  stop(): Promise<void>;
}

/** CPUs the node announces: the array tasks of a test run at once (each shard takes one thread). */
const CPUS = 8;

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** A free TCP port on this machine. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(what: string, ok: () => boolean, ms: number, log?: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s${log && existsSync(log) ? `; its log:\n${readFileSync(log, 'utf8').slice(-2000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts the cluster, or says why it cannot be (not root, a package missing). Throws when a start that should work fails. */
export async function startSlurm(): Promise<Slurm | { unavailable: string }> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { unavailable: 'Slurm needs root here (slurmd runs the jobs)' };
  const missing = ['munged', 'munge', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'].filter((c) => !has(c));
  if (missing.length > 0) return { unavailable: `not installed: ${missing.join(', ')} (apt-get install slurm-wlm munge)` };

  const started: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop();
    started.length = 0;
  };
  try {
    // munge: the authentication of every Slurm message. Use a running munged, else start one.
    const mungeAnswers = () => spawnSync('sh', ['-c', 'munge -n | unmunge'], { stdio: 'ignore' }).status === 0;
    if (!mungeAnswers()) {
      const key = '/etc/munge/munge.key';
      for (const d of ['/etc/munge', '/var/lib/munge', '/var/log/munge', '/run/munge']) {
        mkdirSync(d, { recursive: true });
        spawnSync('chown', ['munge:munge', d]);
      }
      if (!existsSync(key)) {
        writeFileSync(key, randomBytes(1024));
        spawnSync('chown', ['munge:munge', key]);
        chmodSync(key, 0o400);
      }
      const r = spawnSync('runuser', ['-u', 'munge', '--', 'munged'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`munged did not start: ${r.stderr}`);
      const pidFile = '/run/munge/munged.pid';
      await until('munged answers', () => mungeAnswers() && existsSync(pidFile), 10000);
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      started.push({
        name: 'munged',
        stop: async () => {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            return;
          }
          await until('munged exits', () => !isAlive(pid), 5000).catch(() => process.kill(pid, 'SIGKILL'));
        },
      });
    }

    const dir = mkdtempSync(join(tmpdir(), 'simdict-slurm-'));
    for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
    // This machine as slurmd sees it (CPUs, sockets, memory): a node that matches its configuration is not drained.
    const node = spawnSync('slurmd', ['-C'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
    const host = /^NodeName=(\S+)/.exec(node)?.[1];
    if (!host) throw new Error(`slurmd -C printed no NodeName: ${node}`);
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    const conf = join(dir, 'slurm.conf');
    writeFileSync(
      conf,
      [
        'ClusterName=simdict-test',
        `SlurmctldHost=${host}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        'AuthType=auth/munge',
        'CredType=cred/munge',
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'MpiDefault=none',
        'ReturnToService=2',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'JobCompType=jobcomp/none',
        'SchedulerType=sched/builtin',
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
        `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
        // as many CPUs as the tests' array has tasks, at least: they run at once (config_overrides: more than the
        // hardware's is taken as said)
        'SlurmdParameters=config_overrides',
        `${node.replace(/\bCPUs=\d+/, `CPUs=${CPUS}`).replace(/\bBoards=\S+ SocketsPerBoard=\S+ CoresPerSocket=\S+ ThreadsPerCore=\S+/, '')} State=UNKNOWN`,
        `PartitionName=simdict Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    const env = { ...process.env, SLURM_CONF: conf };
    const daemon = (name: string, args: string[]) => {
      const log = openSync(join(dir, `${name}.out`), 'w');
      const child = spawn(name, args, { env, stdio: ['ignore', log, log] });
      closeSync(log);
      started.push({
        name,
        stop: async () => {
          if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
          await exited(child, 5000);
        },
      });
      return child;
    };
    daemon('slurmctld', ['-D', '-i', '-f', conf]);
    daemon('slurmd', ['-D', '-f', conf, '-N', host]);
    const idle = () => spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim() === 'idle';
    started.unshift({ name: 'the temporary folder', stop: async () => rmSync(dir, { recursive: true, force: true }) }); // last, once the daemons are gone
    await until('the Slurm node is idle', idle, 30000, join(dir, 'slurmctld.log'));
    return { env, dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
