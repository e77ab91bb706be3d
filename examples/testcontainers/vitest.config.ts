import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./globalSetup.ts'],
    // Starting a container is quick once the image is local; pulling it the first time is not.
    hookTimeout: 120_000,
  },
});
