const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's order (failed first, then longest first by the last run's times, else largest file first), with the serial
 * project's specs spread evenly through it: they run one at a time (test/support/setup-serial.ts), so two of them
 * side by side would leave a worker waiting.
 */
class SpreadSerial extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const serial = ordered.filter((t) => t.context.config.displayName?.name === 'serial');
    if (serial.length === 0 || serial.length === ordered.length) return ordered;
    const parallel = ordered.filter((t) => t.context.config.displayName?.name !== 'serial');
    const gap = Math.max(1, Math.floor(parallel.length / serial.length));
    const out = [];
    parallel.forEach((t, i) => {
      if (i % gap === 0 && serial.length) out.push(serial.shift());
      out.push(t);
    });
    return out.concat(serial);
  }
}

module.exports = SpreadSerial;
