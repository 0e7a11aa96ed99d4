import { createWriteGate } from '../../../server/src/db/write-gate';
import { DatabaseBusyError } from '../../../server/src/db/busy';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('write gate', () => {
  it('lets one writer in at a time, in arrival order', async () => {
    const gate = createWriteGate(5_000);
    const order: string[] = [];
    let inside = 0;
    const writer = (name: string) =>
      gate.run(async () => {
        inside++;
        expect(inside).toBe(1);
        order.push(`${name}+`);
        await tick();
        order.push(`${name}-`);
        inside--;
      });
    await Promise.all(['a', 'b', 'c', 'd'].map(writer));
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-', 'd+', 'd-']);
    expect(gate.waiting).toBe(0);
  });

  it('gives up a wait longer than its bound with BusyError, and the queue moves on', async () => {
    const gate = createWriteGate(100);
    let release!: () => void;
    const holder = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(gate.run(async () => 'never')).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(gate.waiting).toBe(0);
    release();
    await holder;
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('a failing writer releases the gate', async () => {
    const gate = createWriteGate(1_000);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 1)).resolves.toBe(1);
  });

  it('tracking its holder, refuses at once a second writer started from inside the first (it would wait for itself)', async () => {
    const gate = createWriteGate(10_000, { trackHolder: true });
    await gate.run(async () => {
      expect(gate.holds()).toBe(true);
      await expect(gate.run(async () => 1)).rejects.toThrow(/outside the current transaction/);
    });
    expect(gate.holds()).toBe(false);
  });

  it('untracked (production), knows no holder: a nested writer just queues behind it', async () => {
    const gate = createWriteGate(100);
    await gate.run(async () => {
      expect(gate.holds()).toBe(false);
      await expect(gate.run(async () => 1)).rejects.toBeInstanceOf(DatabaseBusyError);
    });
  });

  it('an unmanaged turn is held until released', async () => {
    const gate = createWriteGate(1_000);
    const release = await gate.acquire();
    let second = false;
    const next = gate.run(async () => (second = true));
    await tick();
    expect(second).toBe(false);
    release();
    await next;
    expect(second).toBe(true);
  });
});
