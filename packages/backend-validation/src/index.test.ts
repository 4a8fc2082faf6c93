import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { describeZodIssues, parseInput } from './index';

const schema = z.object({
  q: z.string().min(1, 'must not be empty'),
  page: z.object({ limit: z.number().max(100) }),
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { q: 'x', page: { limit: 5 } }, 'query')).toEqual(
      { q: 'x', page: { limit: 5 } },
    );
  });

  it('throws an InputError naming every bad field by its path', () => {
    let thrown: unknown;
    try {
      parseInput(schema, { q: '', page: { limit: 500 } }, 'search query');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toBe(
      'Invalid search query: q: must not be empty; page.limit: Too big: expected number to be <=100',
    );
  });
});

describe('describeZodIssues', () => {
  it('names the root when the value itself is wrong', () => {
    const result = z.string().safeParse(5);
    expect(result.success).toBe(false);
    expect(describeZodIssues(result.error!)).toBe(
      '(root): Invalid input: expected string, received number',
    );
  });
});
