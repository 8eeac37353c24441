import { RunScopedIdGenerator } from './tracing';

describe('workflow span ids', () => {
  it('are valid W3C ids, the same for the same run and span number, different across runs', () => {
    const first = new RunScopedIdGenerator('run-a');
    const again = new RunScopedIdGenerator('run-a');
    const other = new RunScopedIdGenerator('run-b');
    const ids = [first.generateTraceId(), first.generateSpanId(), first.generateSpanId()];
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(3);
    // A replay of the run rebuilds the same ids, span after span.
    expect([again.generateTraceId(), again.generateSpanId(), again.generateSpanId()]).toEqual(ids);
    expect(other.generateTraceId()).not.toBe(ids[0]);
  });

  it('draw no random numbers (inside a workflow those are the seeded ones uuid4() uses)', () => {
    const random = jest.spyOn(Math, 'random');
    const generator = new RunScopedIdGenerator('run-c');
    for (let i = 0; i < 100; i++) generator.generateSpanId();
    expect(random).not.toHaveBeenCalled();
    random.mockRestore();
  });
});
