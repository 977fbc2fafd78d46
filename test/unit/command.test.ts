import { parseConfig } from '../../src/config/load';
import { resolveAccounts, resolveRegions } from '../../src/domain/accounts';
import { parseCommand } from '../../src/domain/command';
import { AppError } from '../../src/errors/appError';

const cfg = parseConfig(
  `accounts:
  prod: { id: "111111111111", role_arn: "arn:aws:iam::111111111111:role/r", regions: [us-east-1, eu-west-1] }
  staging: { id: "222222222222", role_arn: "arn:aws:iam::222222222222:role/r" }
`,
  'x.yml',
);

describe('parseCommand', () => {
  it('splits subcommand, args and flags, case-insensitive subcommand', () => {
    const p = parseCommand('  Stop prod  web-1 --dry-run ');
    expect(p.sub).toBe('stop');
    expect(p.args).toEqual(['prod', 'web-1']);
    expect([...p.flags]).toEqual(['dry-run']);
  });
  it('keeps a quoted Name tag with spaces as one argument, smart quotes too', () => {
    expect(parseCommand('find prod "web server 1" --public').args).toEqual(['prod', 'web server 1']);
    expect(parseCommand('stop prod \u201cdb primary\u201d').args).toEqual(['prod', 'db primary']);
  });

  it('treats empty text as help and turns smart dashes into --', () => {
    expect(parseCommand('').sub).toBe('help');
    expect(parseCommand('events prod \u2014public').flags.has('public')).toBe(true);
  });
});

describe('resolveAccounts', () => {
  it('resolves an alias, all, and lists known accounts for an unknown one', () => {
    expect(resolveAccounts(cfg, 'PROD').map((a) => a.alias)).toEqual(['prod']);
    expect(resolveAccounts(cfg, 'all').map((a) => a.alias)).toEqual(['prod', 'staging']);
    try {
      resolveAccounts(cfg, 'qa');
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).userMessage).toBe('No account "qa". Known accounts: prod, staging, or `all`.');
    }
  });
  it('refuses a region the account does not have', () => {
    const prod = cfg.accounts.get('prod')!;
    expect(resolveRegions(prod, 'eu-west-1')).toEqual(['eu-west-1']);
    expect(() => resolveRegions(prod, 'ap-south-1')).toThrow(AppError);
  });
});
