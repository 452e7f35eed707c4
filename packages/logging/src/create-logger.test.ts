import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from './create-logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'test', transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name', () => {
    const { logger, lines } = capture();
    logger.info('job done', { jobId: 'cq-1' });
    expect(JSON.parse(lines[0]!)).to.include({ message: 'job done', jobId: 'cq-1', service: 'test', level: 'info' });
  });

  it('never writes API keys, tokens or passwords, however deep', () => {
    const { logger, lines } = capture();
    logger.warn('request failed', {
      apiKey: 'app.4821.secret-key-value',
      config: { headers: { Authorization: 'Token app.4821.secret-key-value' } },
      body: { token: '6f1c2a9e-3b7d', password: 'hunter2' },
    });
    expect(lines[0]).not.to.contain('secret-key-value');
    expect(lines[0]).not.to.contain('6f1c2a9e');
    expect(lines[0]).not.to.contain('hunter2');
    expect(lines[0]).to.contain('[REDACTED]');
  });

  it('masks phones and emails in fields and in the message', () => {
    const { logger, lines } = capture();
    logger.info('contact irina.sokolova@example.ru +79123456789', {
      contact: { phone: '+7 912 345-67-89', email: 'Irina@Example.ru' },
    });
    const line = lines[0]!;
    expect(line).not.to.contain('sokolova');
    expect(line).not.to.contain('3456789');
    expect(line).not.to.contain('345-67');
    expect(line).to.contain('i***@example.ru');
    expect(line).to.contain('+79******89');
  });

  it('keeps ids, counts and booleans intact', () => {
    const { logger, lines } = capture();
    logger.info('user 1038472615 ok', {
      conversationId: '27364519',
      userId: '1038472615',
      attempts: 3,
      hasToken: true,
    });
    expect(JSON.parse(lines[0]!)).to.include({
      message: 'user 1038472615 ok',
      conversationId: '27364519',
      userId: '1038472615',
      attempts: 3,
      hasToken: true,
    });
  });

  it('leaves UUIDs whole even where their segments look like digits with dashes', () => {
    const { logger, lines } = capture();
    logger.info('x', { siteId: '3e5b4919-49ab-4bb1-a1dd-eb5799f71234', other: '12345678-1234-4123-8123-123456789012' });
    expect(JSON.parse(lines[0]!)).to.include({
      siteId: '3e5b4919-49ab-4bb1-a1dd-eb5799f71234',
      other: '12345678-1234-4123-8123-123456789012',
    });
  });

  it('masks a field named like a phone whatever its shape', () => {
    const { logger, lines } = capture();
    logger.info('x', { contactPhone: '89123456789' });
    expect(JSON.parse(lines[0]!).contactPhone).to.equal('89******89');
  });

  it('logs an error with a masked message', () => {
    const { logger, lines } = capture();
    logger.error('failed', { error: new Error('bad phone +79123456789') });
    expect(lines[0]).to.contain('+79******89');
    expect(lines[0]).not.to.contain('3456789');
  });

  it('formats no line below the level, yet writes those a transport of its own, lower level takes', () => {
    let reads = 0;
    // redact walks every field, so a getter one level down counts the lines that were formatted.
    const fields = () => ({
      nested: {
        get phone() {
          reads += 1;
          return '1';
        },
      },
    });
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({
      service: 'test',
      level: 'warn',
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.info('below the level', fields());
    logger.debug('further below', fields());
    expect(reads).to.equal(0);
    logger.warn('at the level', fields());
    expect(reads).to.equal(1);
    expect(lines.map((l) => JSON.parse(l).message)).to.deep.equal(['at the level']);

    const verbose = new winston.transports.Stream({ stream, level: 'debug' });
    const chatty = createLogger({ service: 'test', level: 'warn', transports: [verbose] });
    chatty.debug('the transport wants it', fields());
    expect(reads).to.equal(2);
    expect(JSON.parse(lines.at(-1)!).message).to.equal('the transport wants it');
  });
});
