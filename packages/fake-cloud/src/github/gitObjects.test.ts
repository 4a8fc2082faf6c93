import {
  buildGitTree,
  findByPath,
  findTreeBySha,
  listTree,
} from './gitObjects';

// Expected ids come from `git add -A && git ls-tree -r -t $(git write-tree)` on the same files.
const files = {
  '.github/workflows/ci.yml': 'name: CI\n',
  'README.md': '# Rockets\n',
  'a-b/f': 'x\n',
  'a/f': 'y\n',
  'a.txt': 'z\n',
  'docs/runbooks/high-latency.md': '# High latency\n'.repeat(20),
};

describe('gitObjects', () => {
  it('hashes blobs and trees exactly like git, in git order', () => {
    const root = buildGitTree(files);
    expect(root.sha).toBe('8f18502d2cd550c8032a40ec382a2c246e17c33c');
    expect(
      listTree(root, true).map(node => `${node.type} ${node.sha} ${node.path}`),
    ).toEqual([
      'tree 131c303228063b5d251f7d78845858f68babc2e7 .github',
      'tree efc5d64c8387890e0a13d28caaaddb45e8cbed69 .github/workflows',
      'blob 58439813fe88d3d045a3093999f382522a7a7327 .github/workflows/ci.yml',
      'blob e680a101eb7270dd9911f681598064982a29644c README.md',
      'tree a1dffc7a64c0b2d395484bf452e9aeb1da3a18f2 a-b',
      'blob 587be6b4c3f93f93c489c0111bba5596147a26cb a-b/f',
      'blob b68025345d5301abad4d9ec9166f455243a0d746 a.txt',
      'tree 70dce20fcb3bcc6e4ee4f66607ab191a5752fb15 a',
      'blob 975fbec8256d3e8a3797e7a3611380f27c49f4ac a/f',
      'tree c7cb67531879a9c95b7c70e15008f101200260b9 docs',
      'tree 4426304cdbf186c9ec3cbbffb7c3a49929ca5fb2 docs/runbooks',
      'blob 1d580f87e1c004dd1c0198b796535dfe45e5ff10 docs/runbooks/high-latency.md',
    ]);
  });

  it('finds nodes by path and trees by sha', () => {
    const root = buildGitTree(files);
    expect(findByPath(root, '')).toBe(root);
    expect(findByPath(root, 'docs/runbooks/high-latency.md')?.type).toBe(
      'blob',
    );
    expect(findByPath(root, 'docs/missing.md')).toBeUndefined();
    expect(findByPath(root, 'README.md/oops')).toBeUndefined();
    expect(
      findTreeBySha(root, '4426304cdbf186c9ec3cbbffb7c3a49929ca5fb2')?.path,
    ).toBe('docs/runbooks');
  });
});
