import { describe, expect, it } from 'vitest';
import { isUnknown } from '../../model/unknown.js';
import { resolveParameters } from './parameters.js';

describe('resolveParameters', () => {
  const section = {
    Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
    Owner: { Type: 'String' },
    Count: { Type: 'Number', Default: 3 },
    Teams: { Type: 'CommaDelimitedList', Default: 'red, blue ,green' },
    Ids: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'a,b' },
    Ami: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/base/ami' },
  };

  it('uses the default, as text, with lists split and trimmed', () => {
    const { values, problems } = resolveParameters(section, {});
    expect(values.get('Env')).toBe('dev');
    expect(values.get('Count')).toBe('3');
    expect(values.get('Teams')).toEqual(['red', 'blue', 'green']);
    expect(values.get('Ids')).toEqual(['a', 'b']);
    expect(problems).toEqual([]);
  });

  it('lets --parameter override the default', () => {
    expect(resolveParameters(section, { Env: 'prod', Teams: 'x' }).values.get('Env')).toBe('prod');
    expect(resolveParameters(section, { Teams: 'x' }).values.get('Teams')).toEqual(['x']);
  });

  it('leaves a parameter without default or override unknown, saying how to give it', () => {
    const owner = resolveParameters(section, {}).values.get('Owner');
    expect(owner).toEqual({
      unknown: true,
      reason: 'parameter Owner has no value; pass --parameter Owner=...',
    });
    expect(resolveParameters(section, { Owner: 'me' }).values.get('Owner')).toBe('me');
  });

  it('never takes an SSM parameter type default for the value', () => {
    const ami = resolveParameters(section, { Ami: '/other' }).values.get('Ami');
    expect(isUnknown(ami) && ami.reason).toMatch(/SSM Parameter Store/);
  });

  it('reports a value outside AllowedValues', () => {
    expect(resolveParameters(section, { Env: 'staging' }).problems).toEqual([
      {
        name: 'Env',
        message: 'parameter Env is "staging", which is not one of its AllowedValues (dev, prod)',
      },
    ]);
  });

  it('reports a malformed section or parameter', () => {
    expect(resolveParameters(['x'], {}).problems).toEqual([
      { name: 'Parameters', message: 'Parameters must be a mapping of names' },
    ]);
    const broken = resolveParameters({ P: 'text' }, {});
    expect(broken.problems).toHaveLength(1);
    expect(isUnknown(broken.values.get('P'))).toBe(true);
  });
});
