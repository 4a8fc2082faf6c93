module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Skeletons are the generated projects' own code, linted by their own
  // ESLint config when the template tests build them.
  ignorePatterns: ['*/skeleton/'],
});
