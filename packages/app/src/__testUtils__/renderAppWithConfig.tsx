import { render } from '@testing-library/react';
import App from '../App';

/**
 * Renders the app with `data` merged over a minimal config. The app reads
 * its config once per module load, so use one configuration per test file.
 */
export function renderAppWithConfig(data: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Paved' },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
          ...data,
        },
        context: 'test',
      },
    ] as any,
  };
  return render(App.createRoot());
}
