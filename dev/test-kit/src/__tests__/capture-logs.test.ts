import { captureLogs, linesWith } from '../capture-logs';

describe('captured logs', () => {
  it('keeps every line from debug up, parsed, in order', () => {
    const { logger, lines } = captureLogs();

    logger.trace('too fine');
    logger.debug({ id: 'a' }, 'first');
    logger.warn({ id: 'b' }, 'second');

    expect(lines).toEqual([
      expect.objectContaining({ msg: 'first', id: 'a', level: 20 }),
      expect.objectContaining({ msg: 'second', id: 'b', level: 40 }),
    ]);
  });

  it('finds the lines with a message and the given fields', () => {
    const { logger, lines } = captureLogs();
    logger.info({ subject: 'ticket:created', id: 'a' }, 'event handled');
    logger.info({ subject: 'ticket:created', id: 'b' }, 'event handled');
    logger.info({ subject: 'ticket:created', id: 'a' }, 'event not applied yet');

    expect(linesWith(lines, 'event handled')).toHaveLength(2);
    expect(linesWith(lines, 'event handled', { id: 'a' })).toEqual([
      expect.objectContaining({ subject: 'ticket:created', id: 'a' }),
    ]);
  });
});
