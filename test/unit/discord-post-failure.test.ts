import { describe, expect, it } from 'vitest';
import { digestPostFailure } from '../../src/discord/post-failure.js';

describe('digestPostFailure: Discord errors in the digest layer terms', () => {
  it('a refused post (4xx) was not posted; known codes say what a person must do', () => {
    const gone = digestPostFailure(404, 10003, 'Unknown Channel');
    expect(gone).toMatchObject({ message: 'Unknown Channel (Discord 10003)', notPosted: true });
    expect(gone.fix).toMatch(/^the channel no longer exists .*subscribe another channel$/);
    expect(digestPostFailure(403, 50001, 'Missing Access').fix).toMatch(/give it access/);
    expect(digestPostFailure(403, 50013, 'Missing Permissions').fix).toMatch(/allow View Channel, Send Messages and Embed Links/);
  });

  it('an unknown code has no fix; a 5xx may have been posted, so it is not marked as refused', () => {
    expect(digestPostFailure(400, 50035, 'Invalid Form Body')).toMatchObject({ notPosted: true, fix: undefined });
    expect(digestPostFailure(502, undefined, 'Bad Gateway')).toMatchObject({ message: 'Bad Gateway', notPosted: false, fix: undefined });
  });
});
