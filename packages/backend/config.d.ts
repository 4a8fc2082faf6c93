export interface Config {
  paved?: {
    shutdown?: {
      /**
       * On SIGTERM, how long open requests may run before their connections
       * are closed (after backend.lifecycle.serverShutdownDelay).
       * @default { seconds: 10 }
       */
      drainTimeout?: string | { seconds?: number; milliseconds?: number };
    };
    permissions?: {
      /**
       * Entity ref of the platform squad's Group. Its members register and
       * unregister catalog locations, templates and entities.
       * @default group:default/platform-squad
       */
      platformGroup?: string;
    };
  };
}
