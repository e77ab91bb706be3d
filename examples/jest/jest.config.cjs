module.exports = {
  globalSetup: './globalSetup.mjs',
  globalTeardown: './globalTeardown.mjs',
};
