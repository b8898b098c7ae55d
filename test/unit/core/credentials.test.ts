import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  createRedactor,
  credentialsFromUrl,
  hasUrlCredentials,
  headerNames,
  redactUrl,
  splitUrlCredentials,
} from '../../../main/core/credentials.js';

describe('URL user info', () => {
  it('becomes Authorization: Basic (UTF-8, percent-decoded) and leaves the URL bare', () => {
    expect(splitUrlCredentials('http://alice:s%40cret@10.0.0.5:8080')).toEqual({
      url: 'http://10.0.0.5:8080',
      authorization: `Basic ${Buffer.from('alice:s@cret').toString('base64')}`,
    });
    expect(splitUrlCredentials('https://bob:密码@host/prefix/').authorization).toBe(`Basic ${Buffer.from('bob:密码', 'utf8').toString('base64')}`);
    expect(splitUrlCredentials('https://bob:x@host/prefix/').url).toBe('https://host/prefix/');
    expect(splitUrlCredentials('http://127.0.0.1:8080')).toEqual({ url: 'http://127.0.0.1:8080', authorization: null });
    expect(splitUrlCredentials('not a url')).toEqual({ url: 'not a url', authorization: null });
  });

  it('an explicit Authorization header wins over the URL; other headers are kept', () => {
    expect(credentialsFromUrl('http://u:p@h:1', { authorization: 'Bearer t' })).toEqual({ url: 'http://h:1', headers: { authorization: 'Bearer t' } });
    expect(credentialsFromUrl('http://u:p@h:1', { 'X-A': '1' })).toEqual({
      url: 'http://h:1',
      headers: { 'X-A': '1', Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
    });
    const plain = { 'X-A': '1' };
    expect(credentialsFromUrl('http://h:1', plain).headers).toBe(plain);
  });

  it('redactUrl strips user info, even from text that is not a valid URL', () => {
    expect(redactUrl('http://alice:pw@host:1/x')).toBe('http://host:1/x');
    expect(redactUrl('http://host:1')).toBe('http://host:1');
    expect(redactUrl('ftp://alice:pw@host')).toBe('ftp://host');
    expect(redactUrl('http://alice:pw@ho st')).toBe('http://ho st');
    expect(hasUrlCredentials('http://alice@host')).toBe(true);
    expect(hasUrlCredentials('http://host')).toBe(false);
  });
});

describe('createRedactor', () => {
  it('replaces full values, the token after the scheme and a Basic password', () => {
    const basic = `Basic ${Buffer.from('alice:pa55word').toString('base64')}`;
    const r = createRedactor(['Bearer tok-123456', basic]);
    expect(r('sent Bearer tok-123456 to you')).toBe(`sent ${REDACTED} to you`);
    expect(r('token tok-123456 leaked')).toBe(`token ${REDACTED} leaked`);
    expect(r(`auth ${basic}`)).toBe(`auth ${REDACTED}`);
    expect(r('password pa55word')).toBe(`password ${REDACTED}`);
    expect(r('alice:pa55word')).toBe(REDACTED);
    expect(r('nothing secret')).toBe('nothing secret');
  });

  it('ignores fragments too short to be worth scrubbing, and is a no-op without secrets', () => {
    expect(createRedactor(['ab'])('ab cd')).toBe('ab cd');
    expect(createRedactor([])('x')).toBe('x');
    expect(headerNames({ Authorization: 'Bearer x', 'X-Key': 'y' })).toBe('Authorization, X-Key');
  });
});
