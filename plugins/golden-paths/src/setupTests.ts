import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI shares two cores between Jest workers, PostgreSQL and the browser
// tests' build: give findBy*/waitFor 5 s rather than 1 s before failing.
configure({ asyncUtilTimeout: 5_000 });
